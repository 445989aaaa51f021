import { BlockstorageVolumeV3 } from "../../../../providers/openstack/lib/blockstorage-volume-v3";
import { DataOpenstackComputeFlavorV2 } from "../../../../providers/openstack/lib/data-openstack-compute-flavor-v2";
import { DbInstanceV1 } from "../../../../providers/openstack/lib/db-instance-v1";
import type { Construct } from "constructs";
import { Fn, Token } from "../../../core/cdktf";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPostgres } from "../../../kinds";
import { POSTGRES_PASSWORD_FILE, postgresCloudInit } from "../cloud-init";
import type { SovereignFoundation } from "../foundation";
import { adminPath, componentSecurityGroup, novaInstance } from "../instances";
import type { SovereignNetwork } from "../network";
import { flavorFor, imageFor, SOVEREIGN_IMAGES, SOVEREIGN_SIZES } from "../sizes";
import { osMetadata } from "../tags";

type Ctx = RealizeContext<SovereignFoundation, SovereignNetwork>;

/** `managed`: Trove. `vm`: PostgreSQL on a Nova instance with encrypted data and backup volumes. */
export function sovereignPostgres(scope: Construct, props: ResolvedPostgres, ctx: Ctx): RealizedComponent {
  return ctx.strategy === "managed" ? trovePostgres(scope, props, ctx) : vmPostgres(scope, props, ctx);
}

/**
 * A Trove instance on the app network, its volume of the encrypted type. No users are declared:
 * Trove would keep their passwords in the Terraform JSON. The admin enables root with
 * `openstack database root enable`, which generates the password and shows it once.
 */
function trovePostgres(scope: Construct, props: ResolvedPostgres, ctx: Ctx): RealizedComponent {
  const f = ctx.foundation;
  const id = `${ctx.app.name}-${props.name}`;
  const flavor = new DataOpenstackComputeFlavorV2(scope, "flavor", { name: flavorFor(props.overrides.sovereign, SOVEREIGN_SIZES[props.size].dbFlavor) });
  const db = new DbInstanceV1(scope, "instance", {
    name: id,
    flavorId: flavor.id,
    size: props.storageGb,
    volumeType: f.target.encryptedVolumeType,
    datastore: { type: "postgresql", version: props.version },
    network: [{ uuid: ctx.network.networkId }],
    database: [{ name: props.databaseName }],
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
  });
  let note = `${f.explain("postgres", ctx.strategy)}; backups: schedule Trove backups (openstack database backup create), the provider has no resource for them`;
  if (props.highAvailability) {
    note += "; highAvailability: Trove replicas are not available through Terraform, this is a single instance";
  }
  noteStrategy(db, note);
  const host = Token.asString(Fn.element(db.addresses, 0));
  return {
    kind: "postgres",
    strategy: ctx.strategy,
    connection: { host, port: "5432", name: props.databaseName, secretRef: `trove://${db.id}/root`, url: `postgres://${host}:5432/${props.databaseName}?sslmode=require` },
    handle: db,
  };
}

/**
 * PostgreSQL on one Nova instance: data and nightly dumps on two volumes of the encrypted type
 * that outlive the instance, TLS-only client access from the app network, the admin password
 * generated on the machine at first boot (see cloud-init.ts).
 */
function vmPostgres(scope: Construct, props: ResolvedPostgres, ctx: Ctx): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const volume = (vid: string, name: string, size: number) =>
    new BlockstorageVolumeV3(scope, vid, {
      name,
      size,
      volumeType: f.target.encryptedVolumeType,
      description: `polder app ${ctx.app.name}: ${props.name} ${vid}`,
      metadata: osMetadata(ctx.stack),
      enableOnlineResize: true,
      lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    });
  const data = volume("data", `${id}-data`, props.storageGb);
  const backup = volume("backup", `${id}-backup`, props.storageGb);
  const clients = [net.cidr, ...net.allowedIngressCidrs];
  const sg = componentSecurityGroup(scope, "sg", `${id}-db`, `PostgreSQL ${id}: clients inside the app network`, [5432], clients, f);
  const keyPair = adminPath(scope, sg, "sg", `postgres '${props.name}' (strategy vm)`, f);
  const vm = novaInstance(
    scope,
    "instance",
    {
      name: id,
      flavor: flavorFor(props.overrides.sovereign, SOVEREIGN_SIZES[props.size].dbFlavor),
      image: imageFor(undefined, SOVEREIGN_IMAGES["ubuntu-24.04"]),
      bootVolumeGb: SOVEREIGN_SIZES[props.size].bootVolumeGb,
      subnetId: net.privateSubnetIds[0],
      securityGroupIds: [sg.id],
      dataVolumeIds: [data.id, backup.id],
      keyPair,
      userData: postgresCloudInit({
        version: props.version,
        databaseName: props.databaseName,
        // A Cinder volume shows up in the guest as /dev/disk/by-id/virtio-<first 20 chars of its id>.
        dataVolumeSerial: Fn.substr(data.id, 0, 20),
        backupVolumeSerial: Fn.substr(backup.id, 0, 20),
        backupRetentionDays: props.backupRetentionDays,
        clientCidrs: clients,
        proxy: net.proxy,
        networkCidr: net.cidr,
      }),
    },
    f,
    net,
  );
  let note = `${f.explain("postgres", ctx.strategy)}; password generated on the instance at first boot (${POSTGRES_PASSWORD_FILE}), never in Terraform`;
  if (props.highAvailability) {
    note += "; highAvailability: no standby with the vm strategy, a single instance with volumes that outlive it";
  }
  noteStrategy(vm.instance, note);
  const host = Token.asString(vm.address);
  return {
    kind: "postgres",
    strategy: ctx.strategy,
    connection: {
      host,
      port: "5432",
      name: props.databaseName,
      secretRef: `openstack-instance://${vm.instance.id}${POSTGRES_PASSWORD_FILE}`,
      url: `postgres://${host}:5432/${props.databaseName}?sslmode=require`,
    },
    handle: vm,
  };
}
