import { createHash } from "node:crypto";

/** SHA-256 of text or bytes, as lower-case hex: the digest every record of the synth output uses. */
export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
