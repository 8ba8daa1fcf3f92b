// The shapes the dashboard reads, by the names its views use: aliases of the types generated
// from the services' OpenAPI documents (@svom/rest-api-types, `npm run openapi`), so a field a
// service renames or retypes is a compile error in the view that reads it. Imported as types
// only: esbuild erases them and the browser bundle gains no code.
import type { alerts, followup, notify, scheduler, vhfIngest, web } from '@svom/rest-api-types';

type AlertsSchemas = alerts.components['schemas'];
type NotifySchemas = notify.components['schemas'];

/** The problem+json body every service answers an error with (the kit's, the same everywhere). */
export type Problem = web.components['schemas']['Problem'];

export type BurstSummary = AlertsSchemas['BurstSummary'];
export type BurstStatus = BurstSummary['status'];
export type BurstPage = AlertsSchemas['BurstPage'];
export type BurstDetail = AlertsSchemas['BurstDetail'];
/** What a Burst Advocate posts, by the action's path under `/v1/bursts/{id}/`. */
export interface AdvocateActions {
  retraction: AlertsSchemas['Retraction'];
  confirmation: AlertsSchemas['Confirmation'];
  comments: AlertsSchemas['Comment'];
}
/** bins × bands counts, bin-major. */
export type LightCurve = AlertsSchemas['LightCurve'];

export type BurstFollowup = followup.components['schemas']['BurstFollowup'];
export type FollowupEntry = BurstFollowup['timeline'][number];

export type StationHealth = vhfIngest.components['schemas']['StationHealth'];
export type StationList = vhfIngest.components['schemas']['StationList'];

export type PlanSummary = scheduler.components['schemas']['PlanSummary'];
export type PlanList = scheduler.components['schemas']['PlanList'];
/** A plan with its entries and the outcome of every request (`GET /v1/plans/{id}`). */
export type PlanView = scheduler.components['schemas']['Plan'];

/** A notice subscription (notify): what to send, where, and from which site to judge visibility. */
export type Subscription = NotifySchemas['Subscription'];
export type SubscriptionList = NotifySchemas['SubscriptionList'];
/** The 201 of `POST /v1/subscriptions`: the subscription, and the webhook secret notify made, once. */
export type CreatedSubscription = NotifySchemas['CreatedSubscription'];
export type SubscriptionFilter = NotifySchemas['Filter'];
export type Site = NotifySchemas['Site'];
/** The body of `POST /v1/subscriptions`. */
export type SubscriptionRequest = NotifySchemas['SubscriptionRequest'];
/** The body of `PATCH /v1/subscriptions/{id}`: each field given replaces that field. */
export type SubscriptionChange = NotifySchemas['SubscriptionChange'];

/** One send of a subscription: a notice, a test, an alarm, a confirmation mail. */
export type Delivery = NotifySchemas['Delivery'];
export type DeliveryList = NotifySchemas['DeliveryList'];

export type AlarmList = NotifySchemas['AlarmList'];
/** An operator alarm: opened once, closed once. */
export type Alarm = AlarmList['alarms'][number];
