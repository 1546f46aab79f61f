import { CalendarService } from '../../core/regulation/calendar.service';
import { ClockService } from '../../core/regulation/clock.service';
import { LetterPackService } from '../../core/regulation/letter-pack.service';
import { OutcomeService } from '../../core/regulation/outcome.service';
import { RegulationSettingsService } from '../../core/regulation/regulation-settings.service';
import { ReturnsService } from '../../core/regulation/returns.service';
import type { WebContext } from '../context';

/** The regulation services of the web app, built once from its context. */
export interface RegulationServices {
  settings: RegulationSettingsService;
  calendars: CalendarService;
  clocks: ClockService;
  returns: ReturnsService;
  outcome: OutcomeService;
  letters: LetterPackService;
}

export function regulationServices(ctx: WebContext): RegulationServices {
  const settings = new RegulationSettingsService(ctx.dataSource, ctx.config);
  return {
    settings,
    calendars: new CalendarService(ctx.dataSource),
    clocks: new ClockService(ctx.dataSource, settings, ctx.temporal),
    returns: new ReturnsService(ctx.dataSource, settings),
    outcome: new OutcomeService(ctx.dataSource),
    letters: new LetterPackService(ctx.dataSource),
  };
}
