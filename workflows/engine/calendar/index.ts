/**
 * Working calendars and deadline clocks: pure, deterministic arithmetic (no clock read, no I/O) that
 * the complaint workflow, the web app and the reports share.
 */
export * from './types';
export { CalendarError } from './errors';
export { isValidTimeZone, offsetAt, toWall, fromWall, DAY, HOUR } from './zone';
export {
  addBusinessDays,
  advanceBusiness,
  businessDaysBetween,
  businessMillisBetween,
  calendarProblems,
  endOfLocalDay,
  isWorkingDate,
  isWorkingDay,
  localDateOf,
  retreatBusiness,
  MAX_CALENDAR_DAYS,
} from './working-days';
export { isBusinessDuration, parseClockDuration, shiftBy, type ClockDuration } from './budget';
export { clockDueAt, clockPhase, evaluateClock, orderedEvents, refusalOf, withClockEvent } from './clock';
export { clockTimerFireAt, isClockTimer, parseClockTimer, type ClockTimerRef } from './clock-timer';
export { dueClockAlerts, pendingClockAlerts, type ClockAlert } from './alerts';
