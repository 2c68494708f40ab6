/*
 * The report page's only script, inline in the page: filter, search, sort and expand the task
 * table. Hand-written and small (no framework, no network): it reads the JSON the page carries
 * (task-table.ts `tableData`) and draws attempt rows only for the tasks shown expanded, so a run
 * of thousands of attempts still opens at once. Without it the page still shows the headline,
 * charts and task rows. A classic script, not a module: it runs where the page is opened.
 */
(() => {
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($('report-data').textContent);
  const table = $('tasks');
  const q = $('q'),
    status = $('f-status'),
    kind = $('f-kind'),
    category = $('f-category'),
    agent = $('f-agent');
  const shown = $('shown');
  // With an agent chosen, only its column shows (task-table.ts marks them `ag a<i>`).
  const agentColumns = document.head.appendChild(document.createElement('style'));
  const columns = table.tHead.rows[0].cells.length;
  const bodies = data.tasks.map((_, i) => $(`t${i}`));
  const byTask = data.tasks.map(() => []);
  data.attempts.forEach((a, i) => {
    byTask[a[0]].push(i);
  });
  // Agents in the run's order (the table's columns), then attempts in order.
  for (const list of byTask)
    list.sort(
      (x, y) =>
        data.attempts[x][1] - data.attempts[y][1] || data.attempts[x][2] - data.attempts[y][2],
    );
  // Search reads tasks (id, title) and attempts (agent, status, explanation) apart: a title
  // containing the word shows its task; only attempts that contain it are drawn open.
  const taskText = data.tasks.map((t) => `${t[0]} ${t[1]}`.toLowerCase());
  const haystack = data.attempts.map((a) =>
    [data.agents[a[1]], data.statuses[a[3]], a[7]].join(' ').toLowerCase(),
  );
  // Tasks opened by hand, and tasks a search opened that were closed by hand.
  const open = new Set();
  const closed = new Set();
  const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ESC[c]);
  const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const CENTS = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const usd = (v) => {
    const r = Math.round(v * 100) / 100;
    return `$${Number.isInteger(r) ? WHOLE.format(r) : CENTS.format(r)}`;
  };
  const duration = (ms) =>
    ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60000).toFixed(1)} min`;

  function attemptRow(i) {
    const a = data.attempts[i];
    const st = data.statuses[a[3]];
    // A model call costs fractions of a cent: two significant digits, never "$0.00".
    const cost =
      a[5] === null
        ? 'cost unknown'
        : `cost ${a[5] > 0 && a[5] < 1 ? `$${Number(a[5].toPrecision(2))}` : usd(a[5])}`;
    return (
      '<tr class="attempt"><td></td><td><span class="st ' +
      data.codes[a[3]] +
      '">' +
      st +
      '</span></td>' +
      '<td colspan="' +
      (columns - 2) +
      '"><b>' +
      esc(data.agents[a[1]]) +
      '</b> #' +
      a[2] +
      ' · earned ' +
      usd(a[4]) +
      ' · ' +
      cost +
      ' · ' +
      duration(a[6]) +
      ' · <a href="' +
      esc(a[8]) +
      '">attempt page</a><div class="why">' +
      esc(a[7]) +
      '</div></td></tr>'
    );
  }

  function draw(ti, rows, expanded) {
    const body = bodies[ti];
    const drawn = rows.join(',');
    // Unchanged rows are left alone: touching thousands of them would restyle them all.
    const button = body.rows[0].cells[0].firstElementChild;
    if (button.getAttribute('aria-expanded') !== String(expanded)) {
      button.setAttribute('aria-expanded', String(expanded));
    }
    if ((body.dataset.drawn ?? '') === drawn) return;
    body.dataset.drawn = drawn;
    while (body.rows.length > 1) body.deleteRow(1);
    if (rows.length > 0) body.rows[0].insertAdjacentHTML('afterend', rows.map(attemptRow).join(''));
  }

  function apply() {
    const needle = q.value.trim().toLowerCase();
    const si = status.value ? data.statuses.indexOf(status.value) : -1;
    const ai = agent.value ? data.agents.indexOf(agent.value) : -1;
    const reach = needle !== '' || si >= 0;
    agentColumns.textContent = ai < 0 ? '' : `#tasks .ag:not(.a${ai}) { display: none; }`;
    let tasks = 0;
    let attempts = 0;
    data.tasks.forEach((t, ti) => {
      let ok =
        (!kind.value || t[2] === kind.value) && (!category.value || t[3].includes(category.value));
      const candidates = ok
        ? byTask[ti].filter((i) => {
            const a = data.attempts[i];
            return (ai < 0 || a[1] === ai) && (si < 0 || a[3] === si);
          })
        : [];
      const hits = needle ? candidates.filter((i) => haystack[i].includes(needle)) : candidates;
      const titleHit =
        needle !== '' && taskText[ti].includes(needle) && (si < 0 || candidates.length > 0);
      if (reach && hits.length === 0 && !titleHit) ok = false;
      const rows = hits.length > 0 || !titleHit ? hits : candidates;
      if (bodies[ti].hidden === ok) bodies[ti].hidden = !ok;
      const expanded = ok && ((reach && hits.length > 0 && !closed.has(ti)) || open.has(ti));
      draw(ti, expanded ? rows : [], expanded);
      if (ok) tasks += 1;
      if (expanded) attempts += rows.length;
    });
    shown.value = `${tasks} of ${data.tasks.length} tasks · ${attempts} attempt rows`;
  }

  const SORTS = {
    id: (t) => t[0],
    title: (t) => t[1].toLowerCase(),
    price: (t) => t[4],
  };
  function sortBy(button) {
    const key = button.dataset.sort;
    const th = button.parentElement;
    const numeric = key !== 'id' && key !== 'title';
    const current = th.getAttribute('aria-sort');
    const dir =
      current === 'none'
        ? numeric
          ? 'descending'
          : 'ascending'
        : current === 'ascending'
          ? 'descending'
          : 'ascending';
    for (const cell of table.tHead.rows[0].cells)
      if (cell.hasAttribute('aria-sort')) cell.setAttribute('aria-sort', 'none');
    th.setAttribute('aria-sort', dir);
    const value =
      SORTS[key] ||
      ((t) => {
        const v = t[5][Number(key.slice(6))];
        return v === null ? -1 : v;
      });
    const sign = dir === 'ascending' ? 1 : -1;
    const order = data.tasks
      .map((_, i) => i)
      .sort((x, y) => {
        const a = value(data.tasks[x]);
        const b = value(data.tasks[y]);
        return (a < b ? -1 : a > b ? 1 : 0) * sign || x - y;
      });
    for (const i of order) table.appendChild(bodies[i]);
  }

  table.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.sort) return sortBy(button);
    if (button.classList.contains('expand')) {
      const ti = bodies.indexOf(button.closest('tbody'));
      if (button.getAttribute('aria-expanded') === 'true') {
        open.delete(ti);
        closed.add(ti);
      } else {
        open.add(ti);
        closed.delete(ti);
      }
      apply();
    }
  });
  $('expand-all').addEventListener('click', () => {
    closed.clear();
    for (let i = 0; i < data.tasks.length; i++) open.add(i);
    apply();
  });
  $('collapse-all').addEventListener('click', () => {
    open.clear();
    for (let i = 0; i < data.tasks.length; i++) closed.add(i);
    apply();
  });
  const form = $('filters');
  form.addEventListener('submit', (event) => event.preventDefault());
  const refilter = () => {
    closed.clear();
    apply();
  };
  form.addEventListener('input', refilter);
  q.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      q.value = '';
      refilter();
    }
  });
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === '/' && !typing) {
      event.preventDefault();
      q.focus();
    }
  });
  // Without this script the filters stay hidden and ▸ buttons too: they would do nothing.
  form.hidden = false;
  table.classList.add('live');
  // As served, every task shows, closed: redraw only when the browser restored a filter.
  const filtered = [q, status, kind, category, agent].some((control) => control.value !== '');
  if (filtered) apply();
  else shown.value = `${data.tasks.length} of ${data.tasks.length} tasks · 0 attempt rows`;
})();
