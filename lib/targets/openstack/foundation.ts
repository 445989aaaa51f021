import { DataOpenstackIdentityAuthScopeV3 } from "../../../providers/openstack/lib/data-openstack-identity-auth-scope-v3";
import { DataOpenstackIdentityRoleV3 } from "../../../providers/openstack/lib/data-openstack-identity-role-v3";
import { DataOpenstackImagesImageV2 } from "../../../providers/openstack/lib/data-openstack-images-image-v2";
import { DataOpenstackNetworkingNetworkV2 } from "../../../providers/openstack/lib/data-openstack-networking-network-v2";
import { IdentityProjectV3 } from "../../../providers/openstack/lib/identity-project-v3";
import { IdentityRoleAssignmentV3 } from "../../../providers/openstack/lib/identity-role-assignment-v3";
import { Construct } from "constructs";
import type { FoundationContext } from "../../core/realizer";
import type { TargetStack } from "../../core/target-stack";
import type { KindName } from "../../kinds/kind-names";
import { explainStrategy } from "./capabilities";
import { sovereignProviders } from "./stack";
import { osTags } from "./tags";
import type { SovereignTarget } from "./target";

/**
 * Per-app baseline on OpenStack: the external network routers and floating IPs use, image
 * look-ups shared by the app's instances and, with `projectPerApp`, the app's own Keystone project.
 */
export class SovereignFoundation extends Construct {
  readonly appName: string;
  readonly target: SovereignTarget;
  readonly stack: TargetStack;
  readonly externalNetwork: DataOpenstackNetworkingNetworkV2;
  /** The app's project; only with `projectPerApp`. */
  readonly project?: IdentityProjectV3;
  private readonly images = new Map<string, DataOpenstackImagesImageV2>();

  constructor(scope: Construct, ctx: FoundationContext) {
    super(scope, "openstack");
    this.appName = ctx.app.name;
    this.stack = ctx.stack;
    this.target = ctx.stack.target as SovereignTarget;
    if (this.target.projectPerApp) this.project = this.appProject(ctx);
    this.externalNetwork = new DataOpenstackNetworkingNetworkV2(this, "external-network", { name: this.target.externalNetwork, external: true });
  }

  /** Id of the newest image with this Glance name, looked up once per app. */
  imageId(name: string): string {
    let image = this.images.get(name);
    if (!image) {
      image = new DataOpenstackImagesImageV2(this, `image-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`, { name, mostRecent: true, visibility: "public" });
      this.images.set(name, image);
    }
    return image.id;
  }

  /** Why a kind got this strategy, for the `//` note on its main resource. */
  explain(kind: KindName, strategy: string): string {
    const t = this.target;
    return explainStrategy(kind, strategy, { services: t.services, settings: { s3Endpoint: !!t.s3Endpoint, externalKeyManager: !!t.externalKeyManager } });
  }

  /**
   * The app's project, made with the credentials' own scope (provider alias `home`); the stack's
   * main provider is then scoped to it, so everything else lands inside. The deploying user gets
   * the `member` role there. Terraform needs the project before it can configure the scoped
   * provider: the first apply targets `openstack_identity_project_v3` and the role assignment.
   */
  private appProject(ctx: FoundationContext): IdentityProjectV3 {
    const { main, home } = sovereignProviders(ctx.stack);
    const project = new IdentityProjectV3(this, "project", {
      provider: home,
      name: `polder-${ctx.app.name}`,
      description: `polder app ${ctx.app.name} (owner ${ctx.app.owner}, ${ctx.app.classification})`,
      enabled: true,
      tags: osTags(ctx.stack),
      lifecycle: { preventDestroy: true },
    });
    const scope = new DataOpenstackIdentityAuthScopeV3(this, "deployer", { provider: home, name: "deployer" });
    const member = new DataOpenstackIdentityRoleV3(this, "member-role", { provider: home, name: "member" });
    new IdentityRoleAssignmentV3(this, "deployer-member", { provider: home, projectId: project.id, userId: scope.userId, roleId: member.id });
    main.tenantId = project.id;
    return project;
  }
}
