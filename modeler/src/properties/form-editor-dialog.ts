/**
 * The form designer: form-js's FormEditor in a modal dialog. The schema it saves is stored as the user
 * task's `redress:form` body; staff fill the form in the inbox, and the workflow validates the data
 * against the same schema. Loaded on first use (form-js is large).
 */

const EMPTY_FORM = { type: 'default', components: [] };

/** Opens the designer on `body` (a form-js schema as JSON text); `save` receives the new schema text. */
export async function openFormEditor(body: string | undefined, save: (body: string) => void): Promise<void> {
  const { FormEditor } = await import('@bpmn-io/form-js');
  const dialog = document.createElement('dialog');
  dialog.className = 'redress-form-dialog';
  dialog.setAttribute('aria-labelledby', 'redress-form-dialog-title');
  dialog.innerHTML = `
    <header class="redress-dialog-header"><h2 id="redress-form-dialog-title">Form designer</h2>
      <p class="redress-dialog-note"></p></header>
    <div class="redress-form-editor"></div>
    <form method="dialog" class="redress-dialog-actions">
      <button value="cancel" class="redress-button redress-button-quiet">Cancel</button>
      <button value="save" class="redress-button redress-button-primary">Save form</button>
    </form>`;
  document.body.append(dialog);
  const editor = new FormEditor({ container: dialog.querySelector<HTMLElement>('.redress-form-editor')! });
  let schema: unknown = EMPTY_FORM;
  if (body !== undefined) {
    try {
      schema = JSON.parse(body);
    } catch {
      dialog.querySelector('.redress-dialog-note')!.textContent =
        'The stored form was not valid JSON; you start from an empty form.';
    }
  }
  try {
    await editor.importSchema(schema as Parameters<typeof editor.importSchema>[0]);
  } catch (error) {
    dialog.querySelector('.redress-dialog-note')!.textContent =
      `The stored form could not be opened (${String(error)}); you start from an empty form.`;
    await editor.importSchema(EMPTY_FORM as Parameters<typeof editor.importSchema>[0]);
  }
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'save') save(JSON.stringify(editor.saveSchema()));
    editor.destroy();
    dialog.remove();
  });
  dialog.showModal();
}
