/**
 * The interactive view's lifetime, shared by live `top` and `top --replay`:
 * ink draws the controller's store until the user quits or a signal asks
 * it to; on every way out, an internal error included, the terminal is
 * left usable (main screen, cursor shown).
 */
import { writeSync } from "node:fs";
import { onCleanup } from "../lifecycle";
import type { RunOptions, runTui as RunTui } from "./app";
import type { TopController } from "./controller";

/**
 * `runTui` comes from a `cli/tui/app` the caller imported (ink and react load
 * only for this view; live top imports it while it still may read its own
 * executable). `makeController(onQuit)` builds the controller; `onStop(quit)`
 * hands the caller a way to quit (for its signal handler). Resolves once the
 * UI is gone.
 */
export async function runInteractive(runTui: typeof RunTui, makeController: (onQuit: () => void) => TopController, opts: RunOptions, onStop: (quit: () => void) => void): Promise<TopController> {
  let ui: ReturnType<typeof runTui> | undefined;
  const controller = makeController(() => ui?.unmount());
  ui = runTui(controller, opts);
  let restored = false;
  onCleanup(() => {
    controller.stop();
    if (restored) return;
    try {
      ui?.unmount();
    } catch {
      // already unmounted
    }
    writeSync(1, "\x1b[?1049l\x1b[?25h");
  });
  onStop(() => controller.quit());
  controller.start();
  await ui.done;
  restored = true;
  controller.stop();
  return controller;
}
