import { ConsumptionBudgetSubscription } from "@cdktf/provider-azurerm/lib/consumption-budget-subscription";
import { DataAzurermSubscription } from "@cdktf/provider-azurerm/lib/data-azurerm-subscription";
import type { ManagementGroup } from "@cdktf/provider-azurerm/lib/management-group";
import { ManagementGroupSubscriptionAssociation } from "@cdktf/provider-azurerm/lib/management-group-subscription-association";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import { PolderError } from "../../../core/errors";
import type { ResolvedLandingZoneSpec, ResolvedTenancy } from "../../../landing-zone/spec";
import type { AzureTarget } from "../target";
import type { AzureZoneAudit } from "./audit";

/** Defender for Cloud plans switched on in every subscription of the zone (pricing resource types). */
export const DEFENDER_PLANS = ["CloudPosture", "Arm", "VirtualMachines", "StorageAccounts", "KeyVaults", "Containers", "OpenSourceRelationalDatabases"] as const;

/** Azure budgets take at most five notifications. */
export const AZURE_BUDGET_MAX_NOTIFICATIONS = 5;

/** Checks what Azure budgets cannot take, naming the spec field. */
export function checkAzureBudgets(spec: ResolvedLandingZoneSpec): void {
  if (spec.budgets.thresholds.length > AZURE_BUDGET_MAX_NOTIFICATIONS)
    throw new PolderError(
      `landing zone '${spec.name}': budgets.thresholds has ${spec.budgets.thresholds.length} entries (${spec.budgets.thresholds.join(", ")}); an Azure budget takes at most ${AZURE_BUDGET_MAX_NOTIFICATIONS} notifications: give at most five thresholds`,
    );
}

/** Defender for Cloud plans in one subscription, one after the other (Azure refuses concurrent pricing updates). */
export function defenderPlans(scope: Construct, provider?: AzurermProvider): SecurityCenterSubscriptionPricing[] {
  const plans: SecurityCenterSubscriptionPricing[] = [];
  for (const resourceType of DEFENDER_PLANS)
    plans.push(
      new SecurityCenterSubscriptionPricing(scope, `defender-${resourceType.toLowerCase()}`, {
        provider,
        tier: "Standard",
        resourceType,
        dependsOn: plans.length ? [plans[plans.length - 1]] : undefined,
      }),
    );
  return plans;
}

/**
 * One vended tenancy: an existing subscription (referenced by the id the target gives, never
 * created) moved into its unit's management group; its activity log to the zone's audit; the
 * Defender for Cloud plans; a monthly budget notifying the contacts at each threshold.
 */
export class AzureTenancy extends Construct {
  readonly subscription: DataAzurermSubscription;

  constructor(scope: Construct, args: { spec: ResolvedLandingZoneSpec; target: AzureTarget; tenancy: ResolvedTenancy; subscriptionId: string; unit: ManagementGroup; audit: AzureZoneAudit }) {
    const { spec, target, tenancy, audit } = args;
    super(scope, `tenancy-${tenancy.name}`);
    // Read through the platform's credentials: a plan fails here when the subscription does not exist or is not reachable.
    this.subscription = new DataAzurermSubscription(this, "subscription", { subscriptionId: args.subscriptionId });
    new ManagementGroupSubscriptionAssociation(this, "placement", { managementGroupId: args.unit.id, subscriptionId: this.subscription.id });
    audit.activityLog(this, "activity-log", this.subscription.id);

    // Defender plans are set in the subscription itself: a provider for it.
    const provider = new AzurermProvider(this, "provider", {
      alias: `tenancy-${tenancy.name}`,
      features: [{}],
      subscriptionId: args.subscriptionId,
      storageUseAzuread: true,
      environment: target.metadataHost || target.environment === "public" ? undefined : target.environment,
      metadataHost: target.metadataHost,
    });
    defenderPlans(this, provider);

    new ConsumptionBudgetSubscription(this, "budget", {
      name: `${spec.name}-${tenancy.name}-monthly`,
      subscriptionId: this.subscription.id,
      amount: tenancy.monthlyBudget,
      timeGrain: "Monthly",
      // Azure wants the first day of a month, not before the current one: the month of the first
      // apply, kept afterwards (a changed start date would replace the budget).
      timePeriod: { startDate: Fn.formatdate("YYYY-MM-01'T'00:00:00Z", Fn.timestamp()) },
      notification: spec.budgets.thresholds.map((threshold) => ({
        enabled: true,
        threshold,
        thresholdType: "Actual",
        operator: "GreaterThanOrEqualTo",
        contactEmails: [...new Set([...spec.budgets.contacts, tenancy.email])],
      })),
      lifecycle: { ignoreChanges: ["time_period"] },
    });
  }
}
