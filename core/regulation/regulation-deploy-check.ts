import type { DataSource } from 'typeorm';
import { isClockTimer, parseClockTimer } from '../../workflows/engine/calendar';
import type { CompiledElement, CompiledProcess } from '../../workflows/engine/types';
import type { DeployProblem } from '../bpmn/problems';
import type { Config } from '../config/config';
import { ProcessDefinition } from '../db/entities';
import type { DeployCheck } from '../processes/process-definition.service';
import { LetterPackService, type LetterGap } from './letter-pack.service';
import { RegulationSettingsService } from './regulation-settings.service';

/** Service-task types that send the customer an email built from a template. */
const EMAIL_TASK_TYPES = new Set(['notify', 'sendEmail']);

/**
 * What the deploy of a model must also satisfy under the jurisdiction profiles in use (the
 * organisation's and every mapped product line's):
 * - every notify task that sends a final-response letter (a literal `template` the profile lists)
 *   sends one that holds every mandatory clause, in every language;
 * - every timer or due date that follows a clock (`clock:finalResponse-P5BD`) names a clock each
 *   profile has.
 * The very first deployment installs the profiles' standard clause wording into letters that lack
 * it, so a fresh installation under a regulated profile starts compliant.
 */
export class RegulationDeployCheck implements DeployCheck {
  private readonly settings: RegulationSettingsService;
  private readonly letters: LetterPackService;

  constructor(
    private readonly dataSource: DataSource,
    config: Pick<Config, 'JURISDICTION_PROFILE' | 'WORKING_CALENDAR' | 'CLOCK_OVERRIDES'>,
  ) {
    this.settings = new RegulationSettingsService(dataSource, config);
    this.letters = new LetterPackService(dataSource);
  }

  async check(process: CompiledProcess): Promise<DeployProblem[]> {
    const profiles = await this.settings.profilesInUse();
    if (!(await this.dataSource.getRepository(ProcessDefinition).exists()))
      for (const profile of profiles) await this.letters.install(profile, 'system');
    const problems: DeployProblem[] = [];
    const elements = Object.values(process.elements).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const profile of profiles) {
      const kinds = new Set(profile.letterPack.finalResponseKinds);
      const senders = elements.filter((e) => {
        const task = e.serviceTask;
        return (
          task && EMAIL_TASK_TYPES.has(task.type) && kinds.has(task.params.template ?? '') && sendsEmail(e)
        );
      });
      const gaps = senders.length
        ? await this.letters.gaps(profile, [...new Set(senders.map((e) => e.serviceTask!.params.template!))])
        : [];
      for (const element of senders)
        problems.push(
          ...clauseProblems(
            element,
            gaps.filter((g) => g.kind === element.serviceTask!.params.template),
            profile.key,
          ),
        );
      for (const element of elements) {
        for (const text of clockTexts(element)) {
          const name = parseClockTimer(text).clock;
          if (!profile.clocks[name])
            problems.push({
              elementId: element.id,
              rule: 'regulation-clocks',
              message: `follows clock "${name}", which jurisdiction profile ${profile.key} does not have (its clocks: ${Object.keys(profile.clocks).join(', ')})`,
            });
        }
      }
    }
    return problems;
  }
}

/** One problem per missing clause, naming the languages and parts that lack it. */
function clauseProblems(element: CompiledElement, gaps: LetterGap[], profile: string): DeployProblem[] {
  const byClause = new Map<string, { label: string; where: string[] }>();
  for (const gap of gaps)
    for (const clause of gap.missing) {
      const entry = byClause.get(clause.key) ?? { label: clause.label, where: [] };
      entry.where.push(`${gap.locale} ${gap.part === 'text' ? 'plain text' : 'HTML'}`);
      byClause.set(clause.key, entry);
    }
  const template = element.serviceTask?.params.template ?? '';
  return [...byClause].map(([key, { label, where }]) => ({
    elementId: element.id,
    rule: 'letter-pack',
    message: `the final-response letter "${template}" lacks the mandatory clause "${key}" (${label}) of jurisdiction profile ${profile}, in: ${where.join(', ')}`,
  }));
}

/** A notify task sends email unless its channels leave email out. */
function sendsEmail(element: CompiledElement): boolean {
  if (element.serviceTask?.type === 'sendEmail') return true;
  const channels = element.serviceTask?.params.channels;
  return (
    channels === undefined ||
    channels.startsWith('=') ||
    channels.split(',').some((c) => c.trim() === 'email')
  );
}

/** Literal clock expressions of an element's timer and due date. */
function clockTexts(element: CompiledElement): string[] {
  return [element.timer?.expression, element.userTask?.dueIn].flatMap((v) =>
    v !== undefined && isClockTimer(v) ? [v.trim()] : [],
  );
}
