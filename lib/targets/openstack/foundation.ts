import { DataOpenstackIdentityAuthScopeV3 } from "../../../providers/openstack/lib/data-openstack-identity-auth-scope-v3";
import { DataOpenstackIdentityRoleV3 } from "../../../providers/openstack/lib/data-openstack-identity-role-v3";
import { DataOpenstackImagesImageV2 } from "../../../providers/openstack/lib/data-openstack-images-image-v2";
import { DataOpenstackNetworkingNetworkV2 } from "../../../providers/openstack/lib/data-openstack-networking-network-v2";
import { IdentityProjectV3 } from "../../../providers/openstack/lib/identity-project-v3";
import { IdentityRoleAssignmentV3 } from "../../../providers/openstack/lib/identity-role-assignment-v3";
import { IdentityUserV3 } from "../../../providers/openstack/lib/identity-user-v3";
import { KeymanagerOrderV1 } from "../../../providers/openstack/lib/keymanager-order-v1";
import { TerraformOutput } from "../../core/cdktf";
import { noteStrategy } from "../../core/strategy-note";
import { Construct } from "constructs";
import type { FoundationContext } from "../../core/realizer";
import type { TargetStack } from "../../core/target-stack";
import type { KindName } from "../../kinds/kind-names";
import { explainStrategy } from "./capabilities";
import { egressRestricted } from "./egress";
import { APP_KEY_REF_NAME, appProjectName, appUserName, externalRef } from "./naming";
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
  /**
   * The app's own key (#16 item 10): a Barbican AES-256 key ordered per app when the cloud runs
   * Barbican; undefined otherwise (see `keyRef`).
   */
  readonly key?: KeymanagerOrderV1;
  /** Classified app (departementaal-vertrouwelijk and above): no route to the internet, only the target's egress destinations. */
  readonly restrictedEgress: boolean;
  private readonly images = new Map<string, DataOpenstackImagesImageV2>();
  private identity?: { user: IdentityUserV3; projectId: string };
  private deployerScope?: DataOpenstackIdentityAuthScopeV3;

  constructor(scope: Construct, ctx: FoundationContext) {
    super(scope, "openstack");
    this.appName = ctx.app.name;
    this.stack = ctx.stack;
    this.target = ctx.stack.target as SovereignTarget;
    this.restrictedEgress = egressRestricted(ctx.app.classification);
    if (this.target.projectPerApp) this.project = this.appProject(ctx);
    this.externalNetwork = new DataOpenstackNetworkingNetworkV2(this, "external-network", { name: this.target.externalNetwork, external: true });
    if (this.target.services.keyManager) {
      this.key = new KeymanagerOrderV1(this, "key", {
        type: "key",
        meta: { name: `${ctx.app.name}-app-key`, algorithm: "aes", bitLength: 256, mode: "cbc" },
        lifecycle: { preventDestroy: true },
      });
      noteStrategy(this.key, `the app's own key: AES-256 generated inside Barbican, read by the app identity for the app's own envelope encryption; Barbican does not rotate it`);
    }
    const km = this.target.externalKeyManager;
    const ref = this.keyRef();
    if (ref)
      new TerraformOutput(this, "app-key", {
        description: this.key ? "the app's own key in Barbican (its secret reference)" : `the app's own key: create a 256-bit AES key at this reference in ${km?.name}`,
        value: { manager: this.key ? "barbican" : km!.name, ref },
      }).overrideLogicalId("app_key");
  }

  /** Where the app's own key lives: the Barbican order's secret, or a reference in the external key manager. */
  keyRef(): string | undefined {
    if (this.key) return this.key.secretRef;
    const km = this.target.externalKeyManager;
    return km ? externalRef(km.keyRef, this.appName, APP_KEY_REF_NAME) : undefined;
  }

  /** The credentials' own scope (user, project, domains), looked up once. */
  deployer(): DataOpenstackIdentityAuthScopeV3 {
    this.deployerScope ??= new DataOpenstackIdentityAuthScopeV3(this, "deployer-scope", { name: "deployer-scope" });
    return this.deployerScope;
  }

  /**
   * The app's own identity (#9 item 10): a Keystone user without a password, with only the role
   * the target names (`appRole`) and only in the app's project. Workloads act as it through the
   * credentials Polder makes for it (EC2-style credentials, which Keystone exchanges for a token
   * of this user), never as the deploying user. Made on first use.
   */
  appIdentity(): { user: IdentityUserV3; projectId: string } {
    if (this.identity) return this.identity;
    const scope = this.deployer();
    const projectId = this.project?.id ?? scope.projectId;
    const user = new IdentityUserV3(this, "app-identity", {
      name: appUserName(this.appName),
      description: `polder app ${this.appName}: the identity its workloads use`,
      domainId: scope.projectDomainId,
      defaultProjectId: projectId,
      enabled: true,
    });
    const role = new DataOpenstackIdentityRoleV3(this, "app-role", { name: this.target.appRole });
    new IdentityRoleAssignmentV3(this, "app-identity-role", { projectId, userId: user.id, roleId: role.id });
    this.identity = { user, projectId };
    return this.identity;
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
      name: appProjectName(ctx.app.name),
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
