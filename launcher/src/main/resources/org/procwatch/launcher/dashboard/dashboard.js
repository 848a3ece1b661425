// The procwatch dashboard: plain DOM over the HTTP API (CONTRACTS section 2), no libraries, nothing fetched
// from elsewhere. Every value from the data is set as text, never as HTML: procurement records are input
// from anyone.
'use strict';

const REFRESH_MS = 30000;
const bodyTypesSeen = new Set();

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A URL from the data as a link target only when it is http(s); anything else (javascript:, data:) is not a link. */
function safeHref(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new URL(url, location.href);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

/** A link to a source's page, or its text alone when the URL is not one to follow. */
function sourceLink(url, text) {
  const href = safeHref(url);
  return href ? el('a', { href, rel: 'noopener noreferrer' }, text) : el('span', { class: 'note' }, text);
}

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `${path} answered ${response.status}`);
  return body;
}

function money(value, currency) {
  if (value === null || value === undefined) return '';
  try {
    return currency ? new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0 }).format(value)
                    : new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(value);
  } catch (e) {
    return `${value} ${currency || ''}`.trim();
  }
}

function humanBodyType(type) {
  return (type || 'other').replace(/_/g, ' ');
}

function fill(tbody, rows, columns, emptyText) {
  tbody.replaceChildren();
  if (rows.length === 0) {
    tbody.append(el('tr', { class: 'empty' }, el('td', { colspan: columns }, emptyText)));
  }
  return tbody;
}

function showError(tbody, columns, error) {
  tbody.replaceChildren(el('tr', {}, el('td', { colspan: columns, class: 'error' }, error.message)));
}

function rememberBodyTypes(types) {
  const select = document.querySelector('#alert-filters select[name=bodyType]');
  for (const type of types) {
    if (!type || type === 'all' || bodyTypesSeen.has(type)) continue;
    bodyTypesSeen.add(type);
    select.append(el('option', { value: type }, humanBodyType(type)));
  }
}

// ---- alerts -------------------------------------------------------------------------------------------

function alertQuery() {
  const form = document.getElementById('alert-filters');
  const query = new URLSearchParams();
  for (const name of ['entity', 'bodyType', 'status', 'since', 'limit']) {
    const value = form.elements[name].value.trim();
    if (value) query.set(name, value);
  }
  return query.toString();
}

// ---- reviews ------------------------------------------------------------------------------------------

/** The API token the user gave, for this tab only: never stored, never sent anywhere but this API. */
let reviewToken = null;

/** The latest review of each alert's link, by ocid and listed firm id. */
async function latestReviews() {
  const latest = new Map();
  const reviews = await getJson('api/reviews?limit=1000').catch(() => []);
  for (const review of reviews) { // newest first
    const key = review.ocid + '|' + review.entityId;
    if (!latest.has(key)) latest.set(key, review);
  }
  return latest;
}

function reviewState(review) {
  if (!review) return '—';
  const decision = review.decision === 'false_positive' ? 'not a match' : 'confirmed';
  return el('span', { title: (review.note || '') + ' (' + (review.reviewedAt || '') + ')' }, `${decision} (${review.reviewer})`);
}

/** The review buttons under an alert's evidence, when a token was given. */
function reviewForm(alert) {
  if (!reviewToken) return el('p', { class: 'note' }, 'Give an API token above to review this alert.');
  const note = el('input', { name: 'note', placeholder: 'note (optional)', maxlength: '2000' });
  const outcome = el('span', { class: 'note' });
  const send = async decision => {
    outcome.textContent = 'Sending …';
    const response = await fetch('api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + reviewToken },
      body: JSON.stringify({ ocid: alert.ocid, entityId: alert.listedEntityId, decision, note: note.value || null }),
    });
    const body = await response.json().catch(() => ({}));
    outcome.textContent = response.ok ? 'Recorded; the alert updates in a moment.' : (body.error || `answered ${response.status}`);
    if (response.ok) setTimeout(loadAlerts, 1500);
  };
  const confirm = el('button', { type: 'button', class: 'review-confirm' }, 'Confirm');
  const reject = el('button', { type: 'button', class: 'review-false-positive' }, 'Not a match');
  confirm.addEventListener('click', () => send('confirmed'));
  reject.addEventListener('click', () => send('false_positive'));
  return el('div', { class: 'review' }, note, ' ', confirm, ' ', reject, ' ', outcome);
}

// ---- alerts, continued --------------------------------------------------------------------------------

async function loadAlerts() {
  const tbody = document.querySelector('#alerts-table tbody');
  const query = alertQuery();
  document.getElementById('atom-link').href = 'api/alerts.atom' + (query ? '?' + query : '');
  try {
    const [alerts, reviews] = await Promise.all([getJson('api/alerts' + (query ? '?' + query : '')), latestReviews()]);
    rememberBodyTypes(alerts.map(alert => alert.bodyType));
    fill(tbody, alerts, 9, 'No alerts match these filters yet.');
    for (const alert of alerts) {
      const row = el('tr', { class: 'alert', 'data-alert-id': alert.alertId, title: 'Show the evidence' },
        el('td', {}, (alert.createdAt || '').slice(0, 10)),
        el('td', {}, el('a', { href: '#/contract/' + encodeURIComponent(alert.ocid) }, alert.buyer || alert.ocid)),
        el('td', {}, humanBodyType(alert.bodyType)),
        el('td', {}, alert.supplier || '—'),
        el('td', {}, alert.listedEntity),
        el('td', {}, el('span', { class: 'tag' }, alert.relation),
          alert.status === 'retracted' ? el('span', { class: 'tag retracted', title: 'Retracted ' + (alert.retractedAt || '') },
            'retracted: ' + humanReason(alert.retractReason)) : null),
        el('td', { class: 'num' }, money(alert.value, alert.currency)),
        el('td', { class: 'num' }, Number(alert.score).toFixed(2)),
        el('td', { class: 'review-state' }, reviewState(reviews.get(alert.ocid + '|' + alert.listedEntityId))));
      const evidence = el('tr', { class: 'evidence', hidden: '' }, el('td', { colspan: 9 }, evidenceList(alert), reviewForm(alert)));
      row.addEventListener('click', event => {
        if (event.target.closest('a')) return;
        evidence.hidden = !evidence.hidden;
      });
      tbody.append(row, evidence);
    }
    document.getElementById('alerts-note').textContent =
      `${alerts.length} alert${alerts.length === 1 ? '' : 's'}, newest first; click one for its evidence. Updated ${new Date().toLocaleTimeString()}.`;
  } catch (error) {
    showError(tbody, 9, error);
  }
}

const REASONS = { delisted: 'delisted', relation_ended: 'relation ended', review: 'reviewed as not a match',
  supplier_removed: 'supplier no longer in the contract' };

function humanReason(reason) {
  return REASONS[reason] || String(reason);
}

function listNames(lists) {
  return (lists || []).map(list => list.version ? `${list.name} (${list.version})` : list.name).join(', ');
}

function evidenceList(alert) {
  const items = (alert.evidence || []).map(evidence => el('li', {},
    el('strong', {}, evidence.kind.toLowerCase().replace(/_/g, ' ')), ': ', evidence.explanation,
    evidence.field ? el('span', { class: 'note' }, ' in ', evidence.field) : null,
    evidence.chain && evidence.chain.length ? el('div', { class: 'note' }, 'Chain: ' + evidence.chain.join(' → ')) : null));
  return el('div', {},
    el('div', {}, `Lists: ${listNames(alert.lists)}. Contracting process ${alert.ocid}.`,
      alert.sourceUrl ? el('span', {}, ' ', sourceLink(alert.sourceUrl, 'Source notice')) : null),
    el('ul', {}, items));
}

// ---- exposure -----------------------------------------------------------------------------------------

function total(row) {
  if (row.totalValue !== null && row.totalValue !== undefined) return money(row.totalValue, row.currency);
  return Object.entries(row.valueByCurrency || {}).map(([currency, value]) => money(value, currency)).join(' + ');
}

async function loadExposure() {
  const entities = document.querySelector('#entities-table tbody');
  const buyers = document.querySelector('#buyers-table tbody');
  try {
    const rows = await getJson('api/exposure/entities');
    fill(entities, rows, 3, 'No contract is linked to a listed firm yet.');
    const names = document.getElementById('entities');
    names.replaceChildren();
    for (const row of rows) {
      entities.append(el('tr', {}, el('td', {}, row.entity), el('td', { class: 'num' }, row.contracts), el('td', { class: 'num' }, total(row))));
      names.append(el('option', { value: row.entityId }, row.entity));
    }
  } catch (error) {
    showError(entities, 3, error);
  }
  try {
    const rows = await getJson('api/exposure/buyers');
    rememberBodyTypes(rows.map(row => row.bodyType));
    fill(buyers, rows, 4, 'No buyer has a contract linked to a listed firm yet.');
    for (const row of rows) {
      buyers.append(el('tr', {}, el('td', {}, row.buyer), el('td', {}, humanBodyType(row.bodyType)),
        el('td', { class: 'num' }, row.contracts), el('td', { class: 'num' }, total(row))));
    }
  } catch (error) {
    showError(buyers, 4, error);
  }
}

// ---- FOI ----------------------------------------------------------------------------------------------

function percent(share) {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`;
}

async function loadFoi() {
  const tbody = document.querySelector('#foi-table tbody');
  try {
    const rows = await getJson('api/foi/summary');
    rememberBodyTypes(rows.map(row => row.bodyType));
    fill(tbody, rows, 5, 'No FOI answers ingested yet.');
    for (const row of rows) {
      tbody.append(el('tr', { class: row.bodyType === 'all' ? 'all' : null, 'data-body-type': row.bodyType },
        el('td', {}, row.bodyType === 'all' ? 'All bodies' : humanBodyType(row.bodyType)),
        el('td', { class: 'num' }, row.requests), el('td', { class: 'num' }, row.answered),
        el('td', { class: 'num' }, row['using']), el('td', { class: 'num' }, percent(row.share))));
    }
    drawShareChart(rows);
  } catch (error) {
    showError(tbody, 5, error);
  }
}

/** A horizontal bar per body type: its share, over a track standing for 100%. */
function drawShareChart(rows) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.getElementById('foi-chart');
  const bars = rows.filter(row => row.share !== null && row.share !== undefined);
  const labelWidth = 180, barWidth = 240, rowHeight = 26;
  svg.setAttribute('viewBox', `0 0 ${labelWidth + barWidth + 50} ${Math.max(1, bars.length) * rowHeight + 4}`);
  svg.replaceChildren();
  const shape = (tag, attributes, text) => {
    const node = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  bars.forEach((row, i) => {
    const y = i * rowHeight + 4;
    const label = row.bodyType === 'all' ? 'All bodies' : humanBodyType(row.bodyType);
    shape('text', { x: 0, y: y + 14 }, label);
    shape('rect', { class: 'track', x: labelWidth, y, width: barWidth, height: 18 });
    shape('rect', { class: 'bar', x: labelWidth, y, width: Math.max(0, Math.min(1, row.share)) * barWidth, height: 18,
      'data-body-type': row.bodyType }).append(Object.assign(document.createElementNS(svgNs, 'title'),
      { textContent: `${label}: ${row['using']} of ${row.answered} answering bodies` }));
    shape('text', { x: labelWidth + barWidth + 6, y: y + 14 }, percent(row.share));
  });
}

// ---- FOI answers by body ------------------------------------------------------------------------------

function answerCell(answers, firm) {
  const values = [...new Set(answers.filter(answer => answer.outcome === 'answered').map(answer => answer[firm]))];
  const value = values.includes('yes') ? 'yes' : values.includes('no') ? 'no' : 'unknown';
  const outcomes = [...new Set(answers.map(answer => answer.outcome.replace(/_/g, ' ')))].join(', ');
  return el('td', { class: 'answer-' + value, 'data-firm': firm }, value, el('div', { class: 'note' }, outcomes));
}

async function loadFoiBodies() {
  const tbody = document.querySelector('#foi-bodies-table tbody');
  const form = document.getElementById('foi-filters');
  const query = new URLSearchParams();
  if (form.elements.bodyType.value) query.set('bodyType', form.elements.bodyType.value);
  if (form.elements.contradictions.checked) query.set('contradictions', 'true');
  try {
    const bodies = await getJson('api/foi/bodies' + (query.toString() ? '?' + query : ''));
    const select = form.elements.bodyType;
    for (const body of bodies) {
      if (![...select.options].some(option => option.value === body.bodyType)) {
        select.append(el('option', { value: body.bodyType }, humanBodyType(body.bodyType)));
      }
    }
    fill(tbody, bodies, 6, 'No FOI answers ingested yet.');
    for (const body of bodies) {
      const evidence = body.answers.map(answer => answer.evidence).filter(Boolean);
      tbody.append(el('tr', { class: body.contradiction ? 'contradiction' : null, 'data-body': body.bodyName },
        el('td', {}, body.bodyName,
          el('div', { class: 'note' }, body.answers.map(answer => el('span', {}, sourceLink(answer.sourceUrl, answer.source), ' ')))),
        el('td', {}, humanBodyType(body.bodyType)),
        answerCell(body.answers, 'hikvision'),
        answerCell(body.answers, 'dahua'),
        el('td', { class: 'evidence' }, evidence.length ? evidence.join(' / ') : el('span', { class: 'note' }, 'no sentence to quote')),
        el('td', {}, body.contracts.length === 0 ? el('span', { class: 'note' }, 'none found') : el('ul', {}, body.contracts.map(contract =>
          el('li', {}, el('a', { href: '#/contract/' + encodeURIComponent(contract.ocid) }, contract.ocid), ': ',
            contract.links.map(link => link.listedEntity).join(', '),
            body.contradicts.some(firm => contract.links.some(link => link.listedEntityId === firm))
              ? el('span', { class: 'tag' }, 'contradicts the answer') : null))))));
    }
    const contradictions = bodies.filter(body => body.contradiction).length;
    document.getElementById('foi-bodies-note').textContent =
      `${bodies.length} bod${bodies.length === 1 ? 'y' : 'ies'}, ${contradictions} whose contracts contradict their answer. `
      + `Updated ${new Date().toLocaleTimeString()}.`;
  } catch (error) {
    showError(tbody, 6, error);
  }
}

// ---- contract detail ----------------------------------------------------------------------------------

async function showContract(ocid) {
  const detail = document.getElementById('contract-detail');
  detail.replaceChildren(el('p', { class: 'note' }, 'Loading ' + ocid + '…'));
  try {
    const contract = await getJson('api/contracts/' + encodeURIComponent(ocid));
    const release = contract.compiledRelease || {};
    detail.replaceChildren(
      el('h2', {}, contract.title || release.tender?.title || ocid),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Contracting process'), el('dd', {}, contract.ocid),
        el('dt', {}, 'Buyer'), el('dd', {}, contract.buyer || '—'),
        el('dt', {}, 'Body type'), el('dd', {}, humanBodyType(contract.bodyType)),
        el('dt', {}, 'Value'), el('dd', {}, money(contract.value, contract.currency) || '—'),
        el('dt', {}, 'Releases compiled'), el('dd', {}, contract.releaseCount)),
      el('h3', {}, 'Links to listed firms'),
      linksTable(contract.vendorLinks || []),
      el('h3', {}, 'Parties'),
      el('ul', {}, (release.parties || []).map(party => el('li', {}, party.name || party.id, ' ',
        el('span', { class: 'note' }, (party.roles || []).join(', '))))),
      el('h3', {}, 'Awards'),
      el('ul', {}, (release.awards || []).map(award => el('li', {}, award.title || award.id || 'award', ': ',
        (award.suppliers || []).map(supplier => supplier.name).join(', ') || 'no supplier named', ' ',
        award.value ? money(award.value.amount, award.value.currency) : ''))),
      el('h3', {}, "The buyer's FOI answers"),
      foiAnswers(contract.buyerFoiResponses || []),
      el('details', {}, el('summary', {}, 'Compiled release (OCDS JSON)'), el('pre', {}, JSON.stringify(release, null, 2))));
  } catch (error) {
    detail.replaceChildren(el('p', { class: 'error' }, error.message));
  }
}

function linksTable(links) {
  if (links.length === 0) return el('p', { class: 'note' }, 'None.');
  return el('table', { id: 'links-table' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Listed firm'), el('th', {}, 'Through'), el('th', {}, 'Link'), el('th', {}, 'Evidence'))),
    el('tbody', {}, links.map(link => el('tr', {},
      el('td', {}, link.listedEntity), el('td', {}, link.partyName || link.entityName),
      el('td', {}, el('span', { class: 'tag' }, link.relation)),
      el('td', {}, el('ul', {}, (link.evidence || []).map(evidence => el('li', {}, evidence.explanation,
        evidence.field ? el('span', { class: 'note' }, ' in ', evidence.field) : null))))))));
}

function foiAnswers(responses) {
  if (responses.length === 0) return el('p', { class: 'note' }, 'No FOI answer from this buyer has been ingested.');
  return el('ul', {}, responses.map(response => el('li', {},
    `Request ${response.requestId}: ${response.outcome.replace(/_/g, ' ')}`,
    response.answered ? (response.using ? ' — uses listed firms’ equipment' : ' — no listed firm named') : '',
    response.sourceUrl ? el('span', {}, ' ', sourceLink(response.sourceUrl, 'answer')) : null)));
}

// ---- page ---------------------------------------------------------------------------------------------

async function checkReadiness() {
  const pill = document.getElementById('readiness');
  try {
    const response = await fetch('ready');
    const body = await response.json();
    pill.textContent = response.ok ? 'running' : body.error;
    pill.className = 'pill ' + (response.ok ? 'ready' : 'waiting');
  } catch (error) {
    pill.textContent = 'procwatch does not answer';
    pill.className = 'pill waiting';
  }
}

function route() {
  const match = location.hash.match(/^#\/contract\/(.+)$/);
  const foi = location.hash === '#/foi';
  document.getElementById('overview').hidden = Boolean(match) || foi;
  document.getElementById('foi-bodies').hidden = !foi;
  document.getElementById('contract').hidden = !match;
  document.getElementById('nav-overview').className = match || foi ? '' : 'current';
  document.getElementById('nav-foi').className = foi ? 'current' : '';
  if (match) showContract(decodeURIComponent(match[1]));
  if (foi) loadFoiBodies();
}

function refresh() {
  checkReadiness();
  loadAlerts();
  loadExposure();
  loadFoi();
  if (location.hash === '#/foi') loadFoiBodies();
}

document.getElementById('review-token').addEventListener('submit', event => {
  event.preventDefault();
  const field = event.target.elements.token;
  reviewToken = field.value.trim() || null;
  field.value = '';
  document.getElementById('review-token-note').textContent = reviewToken ? 'Token set for this tab; open an alert to review it.' : '';
  loadAlerts();
});
document.getElementById('alert-filters').addEventListener('submit', event => {
  event.preventDefault();
  loadAlerts();
});
document.getElementById('foi-filters').addEventListener('submit', event => {
  event.preventDefault();
  loadFoiBodies();
});
window.addEventListener('hashchange', route);
route();
refresh();
setInterval(refresh, REFRESH_MS);
