import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";

/** A customer-managed encryption key, for data the app encrypts itself. */
export interface EncryptionKeyProps {
  /**
   * Rotate the key material yearly.
   * @default true
   */
  readonly rotation?: boolean;
}

export interface ResolvedKey extends ComponentCommon<"key"> {
  readonly rotation: boolean;
}

export function readKey(r: FieldReader, name: string): ResolvedKey {
  const common = readCommon(r, "key", name, {});
  const rotation = r.boolean("rotation", { default: true })!;
  return { ...common, rotation };
}
