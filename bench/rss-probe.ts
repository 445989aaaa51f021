// Preloaded into a measured Node process when GNU time is missing: records its peak RSS at exit.
import { writeFileSync } from "node:fs";

const file = process.env.POLDER_BENCH_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
