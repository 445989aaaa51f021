import { BillingBudget } from "@cdktf/provider-google/lib/billing-budget";
import { ComputeSharedVpcServiceProject } from "@cdktf/provider-google/lib/compute-shared-vpc-service-project";
import { EssentialContactsContact } from "@cdktf/provider-google/lib/essential-contacts-contact";
import { MonitoringNotificationChannel } from "@cdktf/provider-google/lib/monitoring-notification-channel";
import { Construct } from "constructs";
import { PolderError } from "../../../core/errors";
import type { ResolvedTenancy } from "../../../landing-zone/spec";
import { gcpLabels } from "../labels";
import type { GcpZoneAudit } from "./audit";
import type { GcpZoneContext } from "./context";
import type { GcpZoneHierarchy } from "./hierarchy";
import type { GcpZoneHub } from "./hub";
import { GcpZoneProject, tenancyApis } from "./projects";

/** A construct id from an e-mail address: stable whatever else the spec lists. */
function emailId(email: string): string {
  return email.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}

/** Cloud Billing sends a budget's alerts to at most five Cloud Monitoring channels. */
export const MAX_BUDGET_CHANNELS = 5;

/** E-mail addresses a tenancy's budget notifies, pure: its own contact and the zone's budget contacts. */
export function budgetRecipients(zoneContacts: readonly string[], tenancy: ResolvedTenancy): string[] {
  return [...new Set([tenancy.email, ...zoneContacts])];
}

/**
 * The zone's e-mail notification channels (one per address, in the audit project) and Essential
 * Contacts on the zone's folder: budget contacts get billing notices, the break-glass contacts
 * security, technical, legal and suspension notices.
 */
export class GcpZoneContacts extends Construct {
  private readonly channels = new Map<string, MonitoringNotificationChannel>();

  constructor(
    scope: Construct,
    private readonly ctx: GcpZoneContext,
    tree: GcpZoneHierarchy,
    private readonly audit: GcpZoneAudit,
  ) {
    super(scope, "contacts");
    const { spec } = ctx;
    const categories = new Map<string, Set<string>>();
    const add = (email: string, ...cats: string[]) => cats.forEach((c) => (categories.get(email) ?? categories.set(email, new Set()).get(email)!).add(c));
    spec.budgets.contacts.forEach((c) => add(c, "BILLING"));
    spec.identity.breakGlass.forEach((b) => add(b.contact, "SECURITY", "TECHNICAL", "LEGAL", "SUSPENSION"));
    [...categories].forEach(([email, cats]) =>
      new EssentialContactsContact(this, `zone-contact-${emailId(email)}`, { parent: tree.zone.name, email, languageTag: "en", notificationCategorySubscriptions: [...cats] }),
    );
  }

  /** The e-mail channel of an address, made once. */
  channel(email: string): MonitoringNotificationChannel {
    let c = this.channels.get(email);
    if (!c) {
      c = new MonitoringNotificationChannel(this, `channel-${emailId(email)}`, {
        project: this.audit.project.projectId,
        type: "email",
        displayName: `${this.ctx.spec.name} budget: ${email}`,
        labels: { email_address: email },
        dependsOn: [this.audit.project.service("monitoring")],
      });
      this.channels.set(email, c);
    }
    return c;
  }
}

/**
 * A tenancy: its project in its unit's folder (with only the APIs Polder's apps use), attached
 * to the hub as a shared-VPC service project, a monthly budget on it that notifies the tenancy's
 * and the zone's contacts at every threshold, and the tenancy's contact as its Essential Contact.
 */
export class GcpTenancy extends Construct {
  readonly project: GcpZoneProject;

  constructor(scope: Construct, ctx: GcpZoneContext, tenancy: ResolvedTenancy, deps: { tree: GcpZoneHierarchy; hub: GcpZoneHub; contacts: GcpZoneContacts }) {
    super(scope, `tenancy-${tenancy.name}`);
    const { spec } = ctx;
    this.project = new GcpZoneProject(this, "project", ctx, {
      purpose: tenancy.name,
      folderId: deps.tree.projectFolderId(tenancy.unit),
      apis: tenancyApis(ctx.target.universe),
      labels: gcpLabels({ "landing-zone": spec.name, tenancy: tenancy.name, owner: tenancy.owner, ...tenancy.tags }),
      // Every read too where the unit protects its data (as the unit's folder says).
      auditLogTypes: spec.units.find((u) => u.name === tenancy.unit)!.tiers.includes("data-protection") ? ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] : undefined,
    });
    new ComputeSharedVpcServiceProject(this, "hub-service-project", {
      hostProject: deps.hub.host.project,
      serviceProject: this.project.projectId,
      deletionPolicy: "ABANDON",
      dependsOn: [this.project.service("compute")],
    });
    const recipients = budgetRecipients(spec.budgets.contacts, tenancy);
    if (recipients.length > MAX_BUDGET_CHANNELS)
      throw new PolderError(`tenancies.${tenancy.name}: its budget would notify ${recipients.length} addresses (${recipients.join(", ")}), and Cloud Billing sends a budget's alerts to at most ${MAX_BUDGET_CHANNELS} channels: list fewer budgets.contacts`);
    new BillingBudget(this, "budget", {
      billingAccount: ctx.billingAccount,
      displayName: `${spec.name}-${tenancy.name}-monthly`,
      budgetFilter: { projects: [`projects/${this.project.project.number}`], calendarPeriod: "MONTH" },
      amount: { specifiedAmount: { currencyCode: spec.budgets.currency, units: String(tenancy.monthlyBudget) } },
      thresholdRules: spec.budgets.thresholds.map((t) => ({ thresholdPercent: t / 100, spendBasis: "CURRENT_SPEND" })),
      allUpdatesRule: { monitoringNotificationChannels: recipients.map((r) => deps.contacts.channel(r).id), disableDefaultIamRecipients: false },
    });
    new EssentialContactsContact(this, "contact", { parent: `projects/${this.project.projectId}`, email: tenancy.email, languageTag: "en", notificationCategorySubscriptions: ["ALL"] });
  }
}
