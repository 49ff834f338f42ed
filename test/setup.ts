// Preloaded by bunfig.toml. End-to-end tests load the real probe and wait
// on real processes; each bounds its own waits, so the runner's 5 s default
// would only turn a slow machine into false failures.
import { setDefaultTimeout } from "bun:test";

setDefaultTimeout(60_000);
