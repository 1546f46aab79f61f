// bpmnlint loads rules by file name; the rule itself is core/bpmn's deploy rule (see ../lint-rules.ts).
import { REDRESS_LINT_RULES } from '../lint-rules';

export = REDRESS_LINT_RULES['single-start-event'];
