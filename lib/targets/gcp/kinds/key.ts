import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKey } from "../../../kinds";
import { appKey, ENCRYPTER_DECRYPTER, type GcpFoundation } from "../foundation";
import type { GcpNetwork } from "../network";

/** A Cloud KMS key in the app's key ring, with the target's protection level, kept from destroy. */
export function gcpKey(scope: Construct, props: ResolvedKey, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const key = appKey(scope, "key", { keyRing: f.keyRing.id, name: props.name, target: f.target, rotation: props.rotation, setupOutput: `${props.name}_key_setup` });
  // The app's workloads encrypt and decrypt with their key (envelope encryption in the app).
  new KmsCryptoKeyIamMember(scope, "workloads-use", { cryptoKeyId: key.id, role: ENCRYPTER_DECRYPTER, member: `serviceAccount:${f.workloads.email}` });
  return {
    kind: "key",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: key.name, secretRef: key.id, url: "" },
    handle: key,
  };
}
