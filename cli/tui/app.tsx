/**
 * The ink root: subscribes to the store, passes keys to the controller,
 * follows the terminal size, and draws <Screen>. `runTui` mounts it in the
 * alternate screen and resolves once the user quits and the terminal is
 * restored.
 */
import React, { useEffect, useSyncExternalStore } from "react";
import { render, useInput, useWindowSize } from "ink";
import { Screen } from "./components/Screen";
import type { Meta } from "./components/Header";
import type { TopController } from "./controller";

export interface AppProps {
  controller: TopController;
  meta: Meta;
  slowNs: number;
  /** Fixed size (tests); the terminal's size otherwise. */
  size?: { columns: number; rows: number };
  now?: () => number;
}

export function App({ controller, meta, slowNs, size, now }: AppProps) {
  const store = controller.store;
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const terminal = useWindowSize();
  const { columns, rows } = size ?? terminal;
  useInput((input, key) => controller.key(input, key));
  useEffect(() => {
    controller.pageRows = Math.max(1, rows - 8);
  }, [controller, rows]);
  return (
    <Screen
      state={state}
      // the table is not drawn under help or the trace: no need to group
      rows={state.trace || state.help ? [] : store.rows()}
      selected={state.trace || state.help ? 0 : store.selectedIndex()}
      meta={meta}
      // one column spare: some terminals wrap when the last column is written
      width={Math.max(20, columns - 1)}
      height={Math.max(8, rows)}
      slowNs={slowNs}
      nowMs={(now ?? performance.now)()}
    />
  );
}

export interface RunOptions {
  meta: Meta;
  slowNs: number;
  maxFps?: number;
}

/**
 * Full-screen UI on the terminal until q or Ctrl-C. The controller's
 * onQuit must call the returned `unmount`.
 */
export function runTui(controller: TopController, opts: RunOptions): { unmount: () => void; done: Promise<void> } {
  const ink = render(<App controller={controller} meta={opts.meta} slowNs={opts.slowNs} />, {
    alternateScreen: true,
    // CI=true would make ink non-interactive; top only runs here on a terminal.
    interactive: true,
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: opts.maxFps ?? 15,
  });
  const done = ink.waitUntilExit().then(
    () => undefined,
    () => undefined,
  );
  return { unmount: () => ink.unmount(), done };
}
