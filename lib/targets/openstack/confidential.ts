// Confidential machine types on the sovereign target (pure planning, no provider bindings): Nova
// flavors whose extra spec `hw:mem_encryption=true` boots the instance as an AMD SEV guest
// (libvirt; the image must boot UEFI: `hw_firmware_type=uefi`, `hw_machine_type=q35`; the boot
// disk must be virtio, which Cinder boot volumes are by default; Nova admin guide, "AMD SEV").
// Only the cloud's operator knows which flavors those are, so the target names them.
import type { ConfidentialProblem, ConfidentialSupport } from "../../core/confidential";
import type { FieldReader } from "../../core/validate";
import { SIZES, type Size } from "../../kinds/kind-names";

/** The cloud's memory-encrypting flavor per size, for kubernetes nodes and VM groups in a confidential placement. */
export type ConfidentialFlavors = { readonly [S in Size]: string };

const FLAVOR = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const FLAVOR_TEXT = "a Nova flavor name: 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

/** Reads the target's `confidentialFlavors`: every size named, each a flavor name. */
export function readConfidentialFlavors(r: FieldReader): ConfidentialFlavors | undefined {
  const f = r.object("confidentialFlavors");
  if (!f) return undefined;
  const before = f.issues.length;
  const out = {} as Record<Size, string>;
  for (const size of SIZES) {
    const name = f.string(size, { required: true, pattern: FLAVOR, patternText: `${FLAVOR_TEXT}, with hw:mem_encryption=true` });
    if (name) out[size] = name;
  }
  f.rejectUnknown();
  return f.issues.length > before ? undefined : out;
}

/** Whether the target has memory-encrypting flavors, or why not. */
export function sovereignConfidentialSupport(target: { readonly confidentialFlavors?: ConfidentialFlavors }): ConfidentialSupport {
  const f = target.confidentialFlavors;
  if (!f) return { supported: false, reason: "the target names no memory-encrypting flavors (hw:mem_encryption=true): set confidentialFlavors { small, medium, large } on it when the cloud has them" };
  return { supported: true, how: `memory-encrypting (AMD SEV) flavors ${SIZES.map((s) => f[s]).join(", ")} for small, medium, large` };
}

/**
 * The flavor of a confidential component: the target's flavor for its size, or the override when
 * it is one of the target's confidential flavors (any other flavor may encrypt nothing).
 */
export function sovereignConfidentialFlavor(flavors: ConfidentialFlavors | undefined, size: Size, override: unknown): string | ConfidentialProblem {
  if (!flavors) return { path: "size", message: "the target names no confidential flavors" };
  if (typeof override !== "string") return flavors[size];
  const known = SIZES.map((s) => flavors[s]);
  if (known.includes(override)) return override;
  return { path: "overrides.sovereign.flavor", message: `${JSON.stringify(override)} is not one of the target's confidential flavors (${known.join(", ")}), which a confidential placement needs: remove the override or name the flavor in the target's confidentialFlavors` };
}
