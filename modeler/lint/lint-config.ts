/**
 * The one bpmnlint configuration of the modeler: bpmnlint's recommended rules as advice (warnings) and
 * Redress's own rules at the deploy's severities. The browser bundles it with a static resolver (no
 * `require` there); the agreement test runs the same configuration through bpmnlint's Node resolver.
 */
import recommended from 'bpmnlint/config/recommended';
import adHocSubProcess from 'bpmnlint/rules/ad-hoc-sub-process';
import conditionalFlows from 'bpmnlint/rules/conditional-flows';
import endEventRequired from 'bpmnlint/rules/end-event-required';
import eventBasedGateway from 'bpmnlint/rules/event-based-gateway';
import eventSubProcessTypedStartEvent from 'bpmnlint/rules/event-sub-process-typed-start-event';
import fakeJoin from 'bpmnlint/rules/fake-join';
import global from 'bpmnlint/rules/global';
import labelRequired from 'bpmnlint/rules/label-required';
import linkEvent from 'bpmnlint/rules/link-event';
import noBpmndi from 'bpmnlint/rules/no-bpmndi';
import noComplexGateway from 'bpmnlint/rules/no-complex-gateway';
import noDisconnected from 'bpmnlint/rules/no-disconnected';
import noDuplicateSequenceFlows from 'bpmnlint/rules/no-duplicate-sequence-flows';
import noGatewayJoinFork from 'bpmnlint/rules/no-gateway-join-fork';
import noImplicitEnd from 'bpmnlint/rules/no-implicit-end';
import noImplicitSplit from 'bpmnlint/rules/no-implicit-split';
import noImplicitStart from 'bpmnlint/rules/no-implicit-start';
import noInclusiveGateway from 'bpmnlint/rules/no-inclusive-gateway';
import noOverlappingElements from 'bpmnlint/rules/no-overlapping-elements';
import singleBlankStartEvent from 'bpmnlint/rules/single-blank-start-event';
import singleEventDefinition from 'bpmnlint/rules/single-event-definition';
import startEventRequired from 'bpmnlint/rules/start-event-required';
import subProcessBlankStartEvent from 'bpmnlint/rules/sub-process-blank-start-event';
import superfluousGateway from 'bpmnlint/rules/superfluous-gateway';
import superfluousLabel from 'bpmnlint/rules/superfluous-label';
import superfluousTermination from 'bpmnlint/rules/superfluous-termination';
import {
  REDRESS_LINT_RULES,
  REDRESS_RECOMMENDED,
  type LintConfig,
  type LintRuleFactory,
} from '../bpmnlint-plugin-redress/lint-rules';

/** bpmnlint's own rules the configuration uses, by name. */
const BPMNLINT_RULES: Record<string, LintRuleFactory> = {
  'ad-hoc-sub-process': adHocSubProcess,
  'conditional-flows': conditionalFlows,
  'end-event-required': endEventRequired,
  'event-based-gateway': eventBasedGateway,
  'event-sub-process-typed-start-event': eventSubProcessTypedStartEvent,
  'fake-join': fakeJoin,
  global,
  'label-required': labelRequired,
  'link-event': linkEvent,
  'no-bpmndi': noBpmndi,
  'no-complex-gateway': noComplexGateway,
  'no-disconnected': noDisconnected,
  'no-duplicate-sequence-flows': noDuplicateSequenceFlows,
  'no-gateway-join-fork': noGatewayJoinFork,
  'no-implicit-end': noImplicitEnd,
  'no-implicit-split': noImplicitSplit,
  'no-implicit-start': noImplicitStart,
  'no-inclusive-gateway': noInclusiveGateway,
  'no-overlapping-elements': noOverlappingElements,
  'single-blank-start-event': singleBlankStartEvent,
  'single-event-definition': singleEventDefinition,
  'start-event-required': startEventRequired,
  'sub-process-blank-start-event': subProcessBlankStartEvent,
  'superfluous-gateway': superfluousGateway,
  'superfluous-label': superfluousLabel,
  'superfluous-termination': superfluousTermination,
};

// Advice that does not fit Redress: merge gateways need no label, and the engine runs inclusive gateways.
const SWITCHED_OFF = new Set(['label-required', 'no-inclusive-gateway']);

/**
 * The modeler's configuration. bpmnlint's recommended rules become warnings: only Redress's rules may
 * say "error", because an error must mean "the deploy will refuse this".
 */
export const MODELER_LINT_CONFIG: LintConfig = {
  extends: ['bpmnlint:recommended', 'plugin:redress/recommended'],
  rules: Object.fromEntries(
    Object.keys(recommended.rules).map((name) => [name, SWITCHED_OFF.has(name) ? 'off' : 'warn'] as const),
  ),
};

/** The resolver interface bpmnlint's Linter expects. */
export interface LintResolver {
  resolveRule(pkg: string, ruleName: string): LintRuleFactory;
  resolveConfig(pkg: string, configName: string): LintConfig;
}

/** Resolves the rules and configurations above without `require`: what the browser bundle uses. */
export const staticLintResolver: LintResolver = {
  resolveRule(pkg, ruleName) {
    const rule =
      pkg === 'bpmnlint'
        ? BPMNLINT_RULES[ruleName]
        : pkg === 'bpmnlint-plugin-redress'
          ? REDRESS_LINT_RULES[ruleName]
          : undefined;
    if (!rule) throw new Error(`unknown rule <${pkg}/${ruleName}>`);
    return rule;
  },
  resolveConfig(pkg, configName) {
    if (pkg === 'bpmnlint' && configName === 'recommended') return recommended as LintConfig;
    if (pkg === 'bpmnlint-plugin-redress' && configName === 'recommended') return REDRESS_RECOMMENDED;
    throw new Error(`unknown config <${pkg}/${configName}>`);
  },
};

/** What bpmn-js-bpmnlint takes as `linting.bpmnlint`. */
export const packedLintConfig = { config: MODELER_LINT_CONFIG, resolver: staticLintResolver };
