/**
 * Mystery-shop visits (domain.md §5): plans per site and period, the visits a
 * plan creates, the shopper pool's profiles and each visit's history.
 */
import type { Doc } from '../../store/types';
import type { Answers } from '../templates/types';
import type { Scenario, VisitBrief } from './briefTypes';

/** When a visit should take place: the day type and the part of the day. */
export const SLOTS = ['weekday-morning', 'weekday-afternoon', 'weekday-evening', 'weekend-morning', 'weekend-afternoon', 'weekend-evening'] as const;
export type Slot = (typeof SLOTS)[number];

export const DEFAULT_REVISIT_DAYS = 60;
/** Reports are due within 24 hours of the visit (domain.md §5). */
export const REPORT_DUE_HOURS = 24;

export interface VisitPlan extends Doc {
  enterpriseId: string;
  siteId: string;
  name: string;
  /** The date window, local dates YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
  visits: number;
  templateId: string;
  templateVersion: number;
  slots: Slot[];
  /** The same shopper never visits the site twice within this many days. */
  revisitDays: number;
  /** What the shopper is sent to do and paid (absent until a planner writes it). */
  brief?: VisitBrief;
  createdAt: string;
  createdBy: string;
}

/**
 * open → assigned → accepted → submitted → approved, with returned ⇄ submitted
 * while QA asks for fixes; a decline sends an assigned or accepted visit back to open.
 */
export type VisitState = 'open' | 'assigned' | 'accepted' | 'submitted' | 'returned' | 'approved';
/** States in which a visit holds its shopper (and so counts for the revisit rule). */
export const HELD_STATES: VisitState[] = ['assigned', 'accepted', 'submitted', 'returned', 'approved'];

/** What the shopper reports. Drafts keep raw form values; a submitted report keeps validated answers. */
export interface VisitReport {
  /** Local date and times as entered. */
  visitDate?: string;
  startTime?: string;
  endTime?: string;
  /** Derived on submission, with the enterprise's UTC offset. */
  startedAt?: string;
  endedAt?: string;
  answers: Record<string, unknown>;
  /** Checklist question id → the shopper's comment (required for a "no"). */
  itemComments: Record<string, string>;
  comments?: string;
}

export interface SubmittedReport extends VisitReport {
  visitDate: string;
  startTime: string;
  endTime: string;
  startedAt: string;
  endedAt: string;
  answers: Answers;
}

export interface VisitScoreView {
  score?: number;
  failed: boolean;
  criticalMisses: string[];
}

export interface Visit extends Doc {
  enterpriseId: string;
  planId: string;
  siteId: string;
  templateId: string;
  templateVersion: number;
  /** Position in the plan, from 1. */
  seq: number;
  slot: Slot;
  /** This visit's share of the plan window, local dates, inclusive. */
  window: { from: string; to: string };
  revisitDays: number;
  state: VisitState;
  shopperId?: string;
  assignedAt?: string;
  acceptedAt?: string;
  /**
   * The brief as the shopper accepted it: a later edit of the plan's brief changes the visits not yet
   * accepted, never what this shopper agreed to do and be paid (nor what its reviewer reads).
   */
  acceptedBrief?: { scenario?: Scenario; feeFen?: number };
  /** Shoppers who declined: automatic assignment offers the visit to someone else. */
  declinedBy: string[];
  report?: VisitReport;
  /** Bumped on every submission and every reviewer correction; names the scored response. */
  revision: number;
  firstSubmittedAt?: string;
  submittedAt?: string;
  /** First submitted more than 24 h after the visit ended. */
  late?: boolean;
  /** The visit took place outside its slot's day type or hours. */
  offSlot?: boolean;
  returnComments?: string;
  approvedAt?: string;
  approvedBy?: string;
  score?: VisitScoreView;
  /** The revision whose response counts in the scores, once approval has been counted. */
  countedRevision?: number;
  responseId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface ShopperProfile extends Doc {
  /** The shopper's user id. */
  _id: string;
  enterpriseId: string;
  /** Cities the shopper can visit (site.city values). */
  regions: string[];
  availability: Slot[];
  updatedAt: string;
}

export type VisitAction = 'assigned' | 'accepted' | 'declined' | 'draft' | 'submitted' | 'returned' | 'approved' | 'corrected';

/** The visit's own trail, shown to reviewers; every entry is also in the enterprise audit log. */
export interface VisitHistoryEntry extends Doc {
  enterpriseId: string;
  visitId: string;
  /** The visit's site (absent on entries written before site scope), so a site-limited caller sees only its own. */
  siteId?: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: VisitAction;
  detail?: Record<string, unknown>;
}
