import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { PolderError } from "../../../core/errors";
import { type LandingZoneRealizer, registerLandingZoneRealizer } from "../../../landing-zone/realizer";
import type { GcpNetwork } from "../network";
import { setGcpProject } from "../project-scope";
import type { GcpTarget } from "../target";
import { GcpZoneAudit } from "./audit";
import { GcpZoneContext } from "./context";
import { gcpZoneControls } from "./controls";
import { assuredUnits, GcpZoneHierarchy } from "./hierarchy";
import { GcpZoneHub } from "./hub";
import { GcpZoneIdentity } from "./identity";
import { platformHomes } from "./placement";
import { GcpZonePolicies, planOrgPolicies } from "./policies";
import type { GcpZoneProject } from "./projects";
import { GcpTenancy, GcpZoneContacts } from "./tenancies";

/** What an app placed in a tenancy needs from the zone: its project. */
interface GcpTenancyHandle {
  readonly project: GcpZoneProject;
  /** The project id with the universe's prefix, a plain string. */
  readonly qualifiedId: string;
}

export const gcpLandingZoneRealizer: LandingZoneRealizer = {
  realize(scope, { spec, stack, target: t }) {
    const target = t as GcpTarget;
    const google = new Construct(scope, "gcp");
    const ctx = new GcpZoneContext(google, spec, stack, target);
    const homes = platformHomes(spec);
    const tree = new GcpZoneHierarchy(google, ctx);
    const audit = new GcpZoneAudit(google, ctx, tree, homes.audit);
    const hub = new GcpZoneHub(google, ctx, tree, homes.hub);
    new GcpZoneIdentity(google, ctx, tree);
    const contacts = new GcpZoneContacts(google, ctx, tree, audit);
    const tenancies = new Map<string, GcpTenancyHandle>();
    for (const tenancy of spec.tenancies) {
      const made = new GcpTenancy(google, ctx, tenancy, { tree, hub, contacts });
      tenancies.set(tenancy.name, { project: made.project, qualifiedId: ctx.qualified(made.project.plainId) });
      new TerraformOutput(google, `tenancy-${tenancy.name}-project`, { value: made.project.projectId, description: `project of tenancy ${tenancy.name}` }).overrideLogicalId(`tenancy_${tenancy.name.replace(/-/g, "_")}_project_id`);
    }
    const planned = planOrgPolicies(spec, { region: ctx.region, universe: target.universe, customerId: ctx.organization.directoryCustomerId, assuredUnits: assuredUnits(spec, ctx.publicUniverse).map((u) => u.name) });
    new GcpZonePolicies(google, planned, (p) => ("zone" in p ? tree.zone.name : "unit" in p ? tree.folder(p.unit) : `projects/${tenancies.get(p.tenancy)!.project.projectId}`));
    new TerraformOutput(google, "audit-bucket", { value: audit.destination, description: "the zone's locked audit log bucket (sink destination)" }).overrideLogicalId("audit_log_bucket");
    new TerraformOutput(google, "hub-network", { value: hub.network.id, description: "the hub VPC every tenancy project is a shared-VPC service project of" }).overrideLogicalId("hub_network_id");
    return { controls: gcpZoneControls(spec, target), tenancies, logDestination: audit.destination };
  },

  placeApp(_scope, { stack, zone, tenancy }) {
    const handle = zone.tenancies.get(tenancy.name) as GcpTenancyHandle;
    const provider = stack.node.tryFindChild("google") as GoogleProvider | undefined;
    if (!provider) throw new PolderError(`${stack.node.id}: no Google provider to point at tenancy '${tenancy.name}'`);
    // The project id is a value of the zone's stack: cdktf turns it into an output there and a
    // terraform_remote_state here, so the app never holds a copied id and deploys after its project.
    const ref = handle.project.projectId;
    provider.project = ref;
    setGcpProject(stack, { id: handle.qualifiedId, ref });
  },

  attachNetwork(_scope, { network }) {
    // The zone's folder sink already routes every project's VPC flow logs into the zone's bucket
    // (include_children); what it needs from the app is flow logs on its subnet.
    const subnet = (network as GcpNetwork).subnet;
    if (!subnet.logConfigInput) throw new PolderError(`${subnet.node.path}: an app network in a landing zone needs VPC flow logs on its subnet: the zone's folder sink collects them`);
  },
};

registerLandingZoneRealizer("gcp", gcpLandingZoneRealizer);
