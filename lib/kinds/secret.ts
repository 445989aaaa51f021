import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";

/** A secret container encrypted with the app key. Its value is set out of band, never in the spec. */
export interface SecretProps {
  /**
   * What the secret is for.
   * @default "<app> <name>"
   */
  readonly description?: string;
}

export interface ResolvedSecret extends ComponentCommon<"secret"> {
  readonly description?: string;
}

export function readSecret(r: FieldReader, name: string): ResolvedSecret {
  const common = readCommon(r, "secret", name, {});
  const description = r.string("description", { maxLength: 200, pattern: /^[\p{L}\p{N} .,:;_()/-]*$/u, patternText: "letters, digits, spaces and .,:;_()/-" });
  return { ...common, description };
}
