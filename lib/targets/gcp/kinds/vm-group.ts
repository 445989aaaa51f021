import { ComputeRegionInstanceGroupManager } from "@cdktf/provider-google/lib/compute-region-instance-group-manager";
import { ComputeRegionInstanceTemplate } from "@cdktf/provider-google/lib/compute-region-instance-template";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import type { Construct } from "constructs";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedVmGroup } from "../../../kinds";
import type { GcpFoundation } from "../foundation";
import { gcpName } from "../naming";
import { type GcpNetwork, IAP_RANGE } from "../network";
import { GCP_IMAGES, gcpSize, offersMachineType } from "../sizes";
import { universeName } from "../universes";
import { egressRestricted } from "../../../kinds/egress-proxy";
import { gcpBootstrapMetadata, gcpDirectHosts } from "../bootstrap";
import type { GcpTarget } from "../target";
import type { GcpBackendHandle } from "./kubernetes";
import { confidentialOrThrow } from "../../../core/confidential";
import { GCP_CONFIDENTIAL_INSTANCE_TYPE, gcpConfidentialMachineType, gcpConfidentialSupport } from "../confidential";

/** What the machines may do with their service account: write logs and metrics, nothing else. */
const VM_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter"];

/**
 * A regional managed instance group of `count` machines from an instance template: shielded VM,
 * OS Login (no SSH keys in metadata), no external IP, boot disks encrypted with the app key
 * (Compute Engine's agent may use it), the app's workload service account. The workload port is
 * open from the app network only; administrators come in through IAP TCP forwarding with OS Login.
 * In a confidential placement: Confidential VMs (AMD SEV) on N2D machines.
 */
export function gcpVmGroup(scope: Construct, props: ResolvedVmGroup, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const u = f.universe;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const override = props.overrides.gcp?.machineType as string | undefined;
  // A confidential placement: N2D with AMD SEV, where the universe has it.
  const confidential = ctx.app.confidentialCompute === true;
  const machineType = confidential
    ? confidentialOrThrow(ctx, gcpConfidentialSupport(u, ctx.target.region), props.name, gcpConfidentialMachineType(props.size, "vmMachineType", override))
    : (override ?? gcpSize(u, props.size).vmMachineType);
  if (!offersMachineType(u, machineType))
    throw new SpecValidationError(`app '${ctx.app.name}' on ${ctx.target.description}`, [
      { path: `components.${props.name}.overrides.gcp.machineType`, message: `${JSON.stringify(machineType)} is not offered in ${universeName(u)}: C3 or M3 machine types only` },
    ]);
  const image = GCP_IMAGES[props.image];
  const proxy = egressRestricted(ctx.app.classification) ? (ctx.target as GcpTarget).egress?.proxy : undefined;
  const bootstrap = gcpBootstrapMetadata({ name: props.name, image: props.image, bootstrap: props.bootstrap, egress: proxy ? { proxy, networkCidr: net.cidr, direct: gcpDirectHosts(u.domain) } : undefined }, `app '${ctx.app.name}' on ${ctx.target.description}`);
  const sa = f.workloads.email;
  const roles = VM_ROLES.map((role) => new ProjectIamMember(scope, `workloads-${role.split("/")[1].replace(/\./g, "-")}`, { project: ctx.foundation.projectId, role, member: `serviceAccount:${sa}` }));

  net.firewall(scope, "ingress-workload", {
    description: `${id}: workload port from the app network and its pods`,
    direction: "INGRESS",
    priority: 1000,
    sourceRanges: net.callerRanges,
    targetServiceAccounts: [sa],
    allow: [{ protocol: "tcp", ports: [String(props.port)] }],
  });
  if (u.osLogin)
    net.firewall(scope, "ingress-admin", {
      description: `${id}: SSH through IAP TCP forwarding only (OS Login decides who)`,
      direction: "INGRESS",
      priority: 1000,
      sourceRanges: [IAP_RANGE],
      targetServiceAccounts: [sa],
      allow: [{ protocol: "tcp", ports: ["22"] }],
    });

  const grant = f.grantServiceAgent("compute-system");
  const template = new ComputeRegionInstanceTemplate(scope, "template", {
    namePrefix: `${gcpName([id], 37)}-`,
    region: ctx.target.region,
    machineType,
    disk: [
      {
        boot: true,
        autoDelete: true,
        sourceImage: `projects/${u.imageProjectPrefix}${image.project}/global/images/family/${image.family}`,
        diskType: u.diskType,
        diskSizeGb: 30,
        diskEncryptionKey: { kmsKeySelfLink: f.key.id },
      },
    ],
    networkInterface: [{ subnetwork: net.subnet.id }],
    serviceAccount: { email: sa, scopes: ["cloud-platform"] },
    shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
    // Memory encrypted by the CPU; such machines are stopped, not live-migrated, for host maintenance.
    ...(confidential ? { confidentialInstanceConfig: { confidentialInstanceType: GCP_CONFIDENTIAL_INSTANCE_TYPE }, scheduling: { onHostMaintenance: "TERMINATE", automaticRestart: true } } : {}),
    // What the machines run; a classified app's machines get the target's proxy first (no internet).
    metadata: { "enable-oslogin": u.osLogin ? "TRUE" : "FALSE", "block-project-ssh-keys": "TRUE", "serial-port-enable": "FALSE", ...bootstrap },
    lifecycle: { createBeforeDestroy: true },
    dependsOn: [grant, ...roles],
  });
  const group = new ComputeRegionInstanceGroupManager(scope, "group", {
    name: id,
    region: ctx.target.region,
    baseInstanceName: gcpName([id], 50),
    version: [{ instanceTemplate: template.id, name: "primary" }],
    targetSize: props.count,
    namedPort: [{ name: "workload", port: props.port }],
    updatePolicy: { type: "PROACTIVE", minimalAction: "REPLACE", maxSurgeFixed: 3, maxUnavailableFixed: 0 },
  });
  const handle: GcpBackendHandle = { serviceAccountEmail: sa, port: props.port, instanceGroup: group.instanceGroup, runsWorkload: props.bootstrap !== undefined };
  return {
    kind: "vm-group",
    strategy: ctx.strategy,
    connection: { host: "", port: String(props.port), name: group.name, secretRef: "", url: "" },
    handle,
  };
}
