import { ApiError, patchJson, postJson } from '../api.js';
import { h } from '../dom.js';
import { currentPerson } from '../session.js';
import {
  formValuesOf,
  inputForField,
  subscriptionChange,
  subscriptionRequest,
  type SubscriptionFormValues,
} from '../subscription-request.js';
import type { CreatedSubscription, Subscription } from '../types.js';

type Control = HTMLInputElement | HTMLSelectElement;

const INSTRUMENTS = ['ECLAIRs', 'GRM', 'MXT', 'VT'];

/**
 * The form that adds a subscription (POST /api/notify/v1/subscriptions), or, given `editing`,
 * changes one in place (PATCH /api/notify/v1/subscriptions/{id}: filled with what it has, its
 * channel type fixed). Notify judges the request; a problem it answers is shown next to the input
 * its `field` names (the same pointers for both), and above the button. `done` is told of the
 * subscription as notify answered it (and of the webhook secret, when notify generated one: it
 * is shown once).
 */
export function subscriptionForm(
  done: (s: CreatedSubscription) => void,
  options: { editing?: Subscription; cancel?: () => void } = {},
): HTMLFormElement {
  const { editing } = options;
  const controls = new Map<string, { control: Control; error: HTMLElement }>();

  /** A labelled input bound to its JSON pointer in the request. */
  const field = (label: string, pointer: string, control: Control, help?: string, cls = ''): HTMLElement => {
    const id = control.id;
    const error = h('p', { class: 'field-error error', id: `${id}-error`, hidden: true });
    const helpId = help ? `${id}-help` : undefined;
    control.setAttribute('aria-describedby', [helpId, `${id}-error`].filter(Boolean).join(' '));
    control.dataset['field'] = pointer;
    controls.set(pointer, { control, error });
    return h(
      'div',
      { class: `field ${cls}`.trim() },
      h('label', { for: id }, label),
      control,
      help ? h('p', { class: 'help muted', id: helpId }, help) : null,
      error,
    );
  };
  const text = (id: string, attrs: Record<string, string | number | boolean> = {}) =>
    h('input', { id, name: id, type: 'text', autocomplete: 'off', ...attrs });
  const number = (id: string, attrs: Record<string, string | number> = {}) =>
    h('input', { id, name: id, type: 'number', step: 'any', inputmode: 'decimal', ...attrs });
  const check = (id: string, label: string, checked: boolean, pointer: string) => {
    const box = h('input', { id, name: id, type: 'checkbox', checked });
    box.dataset['field'] = pointer;
    const error = h('p', { class: 'field-error error', id: `${id}-error`, hidden: true });
    controls.set(pointer, { control: box, error });
    return h('div', { class: 'field check' }, h('label', { class: 'inline', for: id }, box, label), error);
  };

  const name = text('sub-name', { required: true, maxlength: 200, placeholder: 'MXT positions for TAROT' });
  const types = text('sub-types', { placeholder: 'mxt, eclairs-wakeup, 209' });
  const instruments = INSTRUMENTS.map((i) =>
    h('input', { type: 'checkbox', name: 'sub-instrument', value: i, id: `sub-inst-${i.toLowerCase()}` }),
  );
  const minSnr = number('sub-min-snr', { min: 0 });
  const raDeg = number('sub-ra', { min: 0, max: 360 });
  const decDeg = number('sub-dec', { min: -90, max: 90 });
  const radiusDeg = number('sub-radius', { min: 0, max: 180 });
  const within = number('sub-within', { min: 0, max: 24 });
  const lat = number('sub-lat', { min: -90, max: 90 });
  const lon = number('sub-lon', { min: -180, max: 180 });
  const alt = number('sub-alt', { min: -500, max: 9000 });
  const horizon = number('sub-horizon', { min: 0, max: 89 });
  const email = h('input', { id: 'sub-address', name: 'sub-address', type: 'email', autocomplete: 'email' });
  const url = h('input', { id: 'sub-url', name: 'sub-url', type: 'url', placeholder: 'https://example.org/hook' });
  const secret = text('sub-secret', {
    minlength: 16,
    maxlength: 256,
    placeholder: editing ? 'left empty: unchanged' : 'left empty: one is made',
  });
  const format = h(
    'select',
    { id: 'sub-format', name: 'sub-format' },
    h('option', { value: 'json' }, 'JSON (machines: every notice)'),
    h('option', { value: 'slack' }, 'Slack / Mattermost (people)'),
  );
  const ownerEmail = h('input', { id: 'sub-owner-email', name: 'sub-owner-email', type: 'email' });
  const channelRadio = (value: 'email' | 'webhook', label: string, checked: boolean) =>
    h(
      'label',
      { class: 'inline', for: `sub-channel-${value}` },
      h('input', { type: 'radio', name: 'sub-channel', id: `sub-channel-${value}`, value, checked }),
      label,
    );
  const operator = currentPerson()?.roles.includes('operator') ?? false;

  const emailGroup = h(
    'div',
    { class: 'form-grid', id: 'sub-email-group', hidden: true },
    field('Address', '/body/channel/address', email, 'A confirmation mail is sent first; nothing else before.'),
  );
  const webhookGroup = h(
    'div',
    { class: 'form-grid', id: 'sub-webhook-group' },
    field('URL', '/body/channel/url', url, 'A public http(s) address: private networks are refused.'),
    field('Secret', '/body/channel/secret', secret, 'Signs each body: X-SVOM-Signature (HMAC-SHA256).'),
    field('Format', '/body/channel/format', format),
    field('Tell this address if it fails for 24 h', '/body/ownerEmail', ownerEmail),
  );
  const formError = h('p', { class: 'error', role: 'alert', id: 'sub-form-error' });
  const submit = h('button', { type: 'submit', id: 'sub-submit' }, editing ? 'Save changes' : 'Add subscription');
  const cancel = options.cancel
    ? h('button', { type: 'button', class: 'secondary', id: 'sub-cancel' }, 'Cancel')
    : null;
  cancel?.addEventListener('click', () => options.cancel?.());

  const form = h(
    'form',
    { id: 'subscription-form', class: 'subscription-form', novalidate: true },
    h('div', { class: 'form-grid' }, field('Name', '/body/name', name, undefined, 'wide')),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Which notices'),
      h(
        'div',
        { class: 'form-grid' },
        field('Notice types', '/body/filter/types', types, 'Names or prefixes, or packet types; empty: all.'),
        h(
          'div',
          { class: 'field', role: 'group', 'aria-labelledby': 'sub-inst-label' },
          h('span', { class: 'label', id: 'sub-inst-label' }, 'Instruments'),
          h(
            'div',
            { class: 'checks' },
            ...instruments.map((box) => h('label', { class: 'inline', for: box.id }, box, box.value)),
          ),
        ),
        field('Minimum SNR', '/body/filter/minSnr', minSnr),
        field('Observable within (h)', '/body/filter/observableWithinHours', within, 'Needs the site below.'),
      ),
      h(
        'div',
        { class: 'form-grid' },
        field('Region RA (°)', '/body/filter/region/raDeg', raDeg),
        field('Region Dec (°)', '/body/filter/region/decDeg', decDeg),
        field('Region radius (°)', '/body/filter/region/radiusDeg', radiusDeg),
      ),
      h(
        'div',
        { class: 'checks' },
        check('sub-include-test', 'Test notices (drills) too', false, '/body/filter/includeTest'),
        check('sub-include-retractions', 'Retractions of a burst sent', true, '/body/filter/includeRetractions'),
        operator ? check('sub-alarms', 'Operator alarms too', false, '/body/filter/alarms') : null,
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Your site (optional: says whether the position is observable from there)'),
      h(
        'div',
        { class: 'form-grid' },
        field('Latitude (°)', '/body/site/latitudeDeg', lat),
        field('Longitude (° east)', '/body/site/longitudeDeg', lon),
        field('Altitude (m)', '/body/site/altitudeM', alt),
        field('Horizon (°)', '/body/site/horizonDeg', horizon),
      ),
    ),
    h(
      'fieldset',
      {},
      h('legend', {}, 'Where to'),
      h(
        'div',
        { class: 'checks', role: 'radiogroup', 'aria-label': 'Channel' },
        channelRadio('webhook', 'Webhook', true),
        channelRadio('email', 'Email', false),
      ),
      webhookGroup,
      emailGroup,
    ),
    formError,
    h('div', { class: 'buttons' }, submit, cancel),
  );
  const channelType = () =>
    (form.querySelector<HTMLInputElement>('input[name="sub-channel"]:checked')?.value ?? 'webhook') as
      | 'email'
      | 'webhook';
  const showChannel = () => {
    emailGroup.hidden = channelType() !== 'email';
    webhookGroup.hidden = channelType() !== 'webhook';
  };
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name === 'sub-channel') showChannel();
  });

  const values = (): SubscriptionFormValues => ({
    name: name.value,
    types: types.value,
    instruments: instruments.filter((b) => b.checked).map((b) => b.value),
    minSnr: minSnr.value,
    raDeg: raDeg.value,
    decDeg: decDeg.value,
    radiusDeg: radiusDeg.value,
    includeTest: (controls.get('/body/filter/includeTest')!.control as HTMLInputElement).checked,
    includeRetractions: (controls.get('/body/filter/includeRetractions')!.control as HTMLInputElement).checked,
    observableWithinHours: within.value,
    alarms: (controls.get('/body/filter/alarms')?.control as HTMLInputElement | undefined)?.checked ?? false,
    latitudeDeg: lat.value,
    longitudeDeg: lon.value,
    altitudeM: alt.value,
    horizonDeg: horizon.value,
    channelType: channelType(),
    address: email.value,
    url: url.value,
    secret: secret.value,
    format: format.value as 'json' | 'slack',
    ownerEmail: ownerEmail.value,
  });

  /** Sets every control from values (the inverse of values()). */
  const fill = (v: SubscriptionFormValues) => {
    name.value = v.name;
    types.value = v.types;
    for (const box of instruments) box.checked = v.instruments.includes(box.value);
    minSnr.value = v.minSnr;
    raDeg.value = v.raDeg;
    decDeg.value = v.decDeg;
    radiusDeg.value = v.radiusDeg;
    within.value = v.observableWithinHours;
    lat.value = v.latitudeDeg;
    lon.value = v.longitudeDeg;
    alt.value = v.altitudeM;
    horizon.value = v.horizonDeg;
    const checkbox = (pointer: string) => controls.get(pointer)?.control as HTMLInputElement | undefined;
    checkbox('/body/filter/includeTest')!.checked = v.includeTest;
    checkbox('/body/filter/includeRetractions')!.checked = v.includeRetractions;
    const alarms = checkbox('/body/filter/alarms');
    if (alarms) alarms.checked = v.alarms;
    for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="sub-channel"]'))
      radio.checked = radio.value === v.channelType;
    email.value = v.address;
    url.value = v.url;
    secret.value = v.secret;
    format.value = v.format;
    ownerEmail.value = v.ownerEmail;
  };
  if (editing) {
    fill(formValuesOf(editing));
    // A channel keeps its type (notify refuses to change it): delete and add again for another.
    for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="sub-channel"]')) radio.disabled = true;
    showChannel();
  }

  const clearErrors = () => {
    formError.textContent = '';
    for (const { control, error } of controls.values()) {
      control.removeAttribute('aria-invalid');
      error.hidden = true;
      error.textContent = '';
    }
  };
  const showError = (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    formError.textContent = `${editing ? 'Not saved' : 'Not added'}: ${message}`;
    const pointer = error instanceof ApiError ? inputForField(error.field, [...controls.keys()]) : undefined;
    const target = pointer ? controls.get(pointer) : undefined;
    if (!target) return;
    target.control.setAttribute('aria-invalid', 'true');
    target.error.textContent = message;
    target.error.hidden = false;
    target.control.focus();
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors();
    submit.disabled = true;
    try {
      if (editing) {
        const path = `/v1/subscriptions/${encodeURIComponent(editing.id)}`;
        done(await patchJson<Subscription>('notify', path, subscriptionChange(values(), editing)));
        return;
      }
      const made = await postJson<CreatedSubscription>('notify', '/v1/subscriptions', subscriptionRequest(values()));
      form.reset();
      showChannel();
      done(made);
    } catch (error) {
      showError(error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
