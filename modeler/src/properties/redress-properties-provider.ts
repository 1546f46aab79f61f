import { is } from 'bpmn-js/lib/util/ModelUtil';
import type { Element } from 'bpmn-js/lib/model/Types';
import { assignmentEntries } from './assignment-entries';
import { conditionEntries, stageEntries } from './flow-entries';
import { taskEntries, type PanelEntry } from './task-entries';

interface PanelGroup {
  id: string;
  label: string;
  entries: PanelEntry[];
}

/** The part of the properties panel a provider registers with. */
interface PropertiesPanel {
  registerProvider(priority: number, provider: RedressPropertiesProvider): void;
}

// Below the BPMN provider's 1000, so Redress's groups come after General, Documentation, Timer…
const PRIORITY = 500;

/**
 * Adds Redress's groups to the properties panel: the task (service and send tasks), the assignment
 * (user tasks), the customer-visible stage (every flow node) and the FEEL condition (flows leaving an
 * exclusive or inclusive gateway). Everything it edits is `redress:*` from core/bpmn/redress.moddle.json.
 */
export class RedressPropertiesProvider {
  static $inject = ['propertiesPanel'];

  constructor(propertiesPanel: PropertiesPanel) {
    propertiesPanel.registerProvider(PRIORITY, this);
  }

  getGroups(element: Element): (groups: PanelGroup[]) => PanelGroup[] {
    return (groups) => {
      const added: PanelGroup[] = [];
      if (is(element, 'bpmn:ServiceTask') || is(element, 'bpmn:SendTask')) {
        added.push({ id: 'redress-task', label: 'Redress task', entries: taskEntries(element) });
      }
      if (is(element, 'bpmn:UserTask')) {
        added.push({
          id: 'redress-assignment',
          label: 'Assignment, SLA and form',
          entries: assignmentEntries(element),
        });
      }
      if (is(element, 'bpmn:SequenceFlow')) {
        const source = (element.businessObject as { sourceRef?: unknown }).sourceRef;
        if (
          is(source as Element, 'bpmn:ExclusiveGateway') ||
          is(source as Element, 'bpmn:InclusiveGateway')
        ) {
          added.push({ id: 'redress-condition', label: 'Condition', entries: conditionEntries(element) });
        }
      }
      if (is(element, 'bpmn:FlowNode')) {
        added.push({ id: 'redress-stage', label: 'Customer stage', entries: stageEntries(element) });
      }
      // Right after "General", where a process owner looks first.
      const general = groups.findIndex((group) => group.id === 'general');
      groups.splice(general + 1, 0, ...added);
      return groups;
    };
  }
}
