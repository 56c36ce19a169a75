// The task screen: add, inline edit, toggle, delete with undo, filter, search, sort, pending count.

import { ApiError, createTask, deleteTask, deleteTaskOnUnload, listTasks, signOut, updateTask } from "./api.js";
import { loadPendingDeletes, loadPrefs, savePendingDeletes, savePrefs } from "./session.js";
import {
  $, announce, debounce, formatAbsolute, formatRelative, hideToast, initials, setBusy, showToast,
} from "./ui.js";

const PAGE_SIZE = 100;
const UNDO_MS = 5000;
const COUNT_LIMIT = 1000;
const SORTS = new Set(["-created", "created", "-updated", "updated", "title", "-title"]);

const state = {
  user: null,
  active: false,
  status: "all",
  q: "",
  sort: "-created",
  tasks: [], // what the list shows, in the server's order, without deletes waiting for their undo window
  fetched: 0, // how many rows the server has given for the current query (for "Show more")
  hasMore: false,
  loaded: false,
  loadSeq: 0,
  controller: null,
  editing: null, // {id, title, description}: the open inline editor and what is typed in it
  pending: null, // {task, index, timer}: the delete the snackbar can still undo
  pendingCount: null,
  countCapped: false,
  lastFull: null, // {ids, complete}: the ids of the last unfiltered first page
};

const els = {};
let onSignedOut = () => {};

// ----------------------------------------------------------------------------------------- setup

export function initTasks({ signedOut }) {
  onSignedOut = signedOut;
  for (const id of ["tasks-screen", "tasks-title", "pending-count", "add-form", "new-title", "new-description",
    "add-submit", "add-error", "search", "sort", "task-list", "list-progress", "empty", "empty-title", "empty-text",
    "empty-action", "list-error", "list-error-text", "list-retry", "load-more", "snackbar", "snackbar-text",
    "snackbar-undo", "snackbar-close", "sign-out", "user-name", "user-email", "user-avatar"]) {
    els[id] = document.getElementById(id);
  }
  els.rowTemplate = $("#task-template");
  els.editTemplate = $("#edit-template");

  els["add-form"].addEventListener("submit", (e) => {
    e.preventDefault();
    addTask();
  });
  els["new-description"].addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      addTask();
    }
  });
  els["new-title"].addEventListener("input", () => {
    els["add-error"].textContent = "";
    els["new-title"].removeAttribute("aria-invalid");
  });

  for (const radio of document.querySelectorAll('input[name="status"]')) {
    radio.addEventListener("change", () => {
      if (!radio.checked) return;
      state.status = radio.value;
      load();
    });
  }
  const searchLater = debounce(() => setQuery(els.search.value), 300);
  els.search.addEventListener("input", searchLater);
  els.search.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      searchLater.cancel();
      setQuery(els.search.value);
    } else if (e.key === "Escape" && els.search.value) {
      e.preventDefault();
      searchLater.cancel();
      els.search.value = "";
      setQuery("");
    }
  });
  els.sort.addEventListener("change", () => {
    if (!SORTS.has(els.sort.value)) return;
    state.sort = els.sort.value;
    savePrefs({ ...loadPrefs(), sort: state.sort });
    load();
  });

  const list = els["task-list"];
  list.addEventListener("change", (e) => {
    if (e.target.classList.contains("task-check")) toggleTask(rowId(e.target), e.target.checked);
  });
  list.addEventListener("click", (e) => {
    const button = e.target.closest("button");
    if (!button) return;
    if (button.classList.contains("task-edit")) startEdit(rowId(button));
    else if (button.classList.contains("task-delete")) deleteWithUndo(rowId(button));
    else if (button.classList.contains("edit-cancel")) cancelEdit();
  });
  list.addEventListener("dblclick", (e) => {
    if (e.target.closest(".task-body")) startEdit(rowId(e.target));
  });
  list.addEventListener("submit", (e) => {
    e.preventDefault();
    saveEdit();
  });
  list.addEventListener("keydown", onEditorKey);
  list.addEventListener("input", (e) => {
    if (!state.editing || !e.target.closest(".task-editor")) return;
    if (e.target.classList.contains("edit-title")) state.editing.title = e.target.value;
    if (e.target.classList.contains("edit-description")) state.editing.description = e.target.value;
  });

  els["empty-action"].addEventListener("click", onEmptyAction);
  els["list-retry"].addEventListener("click", () => load());
  els["load-more"].addEventListener("click", () => load({ append: true }));
  els["snackbar-undo"].addEventListener("click", undoDelete);
  els["snackbar-close"].addEventListener("click", () => commitPendingDelete());
  els["sign-out"].addEventListener("click", doSignOut);

  document.addEventListener("keydown", onGlobalKey);
  // The page is going away (closed, reloaded, navigated): a delete still in its undo window is what the
  // user asked for, so send it now; it outlives the page (keepalive). Should it not get through, it is
  // still in storage and is sent on the next visit.
  window.addEventListener("pagehide", () => {
    if (!state.active || !state.pending) return;
    const { task } = state.pending;
    clearTimeout(state.pending.timer);
    state.pending = null;
    markDue(task.id);
    deleteTaskOnUnload(state.user.id, task.id);
    els.snackbar.hidden = true;
  });
}

/** Shows the screen for `user` (after sign-in, or on load with a stored session). */
export function startTasks(user, { welcome = false } = {}) {
  const sameUser = state.user && state.user.id === user.id;
  state.user = user;
  state.active = true;
  if (!sameUser) resetForNewUser();
  els["user-name"].textContent = user.name || user.email || "";
  els["user-email"].textContent = user.name ? user.email || "" : "";
  els["user-avatar"].textContent = initials(user.name, user.email);
  els["tasks-screen"].hidden = false;
  document.title = "My tasks · Todo";
  els["tasks-title"].textContent = welcome && user.name ? `Welcome, ${firstName(user.name)}` : "My tasks";
  state.lastFull = null;
  load({ initial: true }).then(flushStoredDeletes);
  refreshCount();
  els["new-title"].focus();
}

/** Leaves the screen (signed out or session over); what was typed stays for the same user. */
export function stopTasks() {
  if (!state.active) return;
  state.active = false;
  if (state.controller) state.controller.abort();
  state.loadSeq++;
  if (state.pending) {
    // The delete stays in storage and is sent when this user is back.
    clearTimeout(state.pending.timer);
    markDue(state.pending.task.id);
    state.pending = null;
  }
  els.snackbar.hidden = true;
  els["tasks-screen"].hidden = true;
  hideToast();
}

function resetForNewUser() {
  state.tasks = [];
  state.loaded = false;
  state.editing = null;
  state.pendingCount = null;
  state.status = "all";
  state.q = "";
  const prefs = loadPrefs();
  state.sort = SORTS.has(prefs.sort) ? prefs.sort : "-created";
  els.sort.value = state.sort;
  els.search.value = "";
  $("#filter-all").checked = true;
  els["new-title"].value = "";
  els["new-description"].value = "";
  els["add-error"].textContent = "";
  els["task-list"].replaceChildren();
  els.empty.hidden = true;
  els["list-error"].hidden = true;
  els["load-more"].hidden = true;
  els["pending-count"].textContent = "";
}

function firstName(name) {
  return name.trim().split(/\s+/)[0];
}

// ----------------------------------------------------------------------------------------- loading

function setQuery(value) {
  const q = value.trim();
  if (q === state.q) return;
  state.q = q;
  load();
}

async function load({ append = false, initial = false } = {}) {
  if (!state.active) return;
  const seq = ++state.loadSeq;
  if (state.controller) state.controller.abort();
  const controller = new AbortController();
  state.controller = controller;
  const offset = append ? state.fetched : 0;
  showProgress(true, initial && !state.loaded);
  if (append) setBusy(els["load-more"], true, "Loading…");
  try {
    const page = await listTasks(state.user.id, {
      status: state.status, q: state.q, sort: state.sort, limit: PAGE_SIZE, offset,
    }, controller.signal);
    if (seq !== state.loadSeq) return;
    const rows = Array.isArray(page) ? page : [];
    state.fetched = offset + rows.length;
    state.hasMore = rows.length === PAGE_SIZE;
    if (!append && state.status === "all" && !state.q) {
      // Every task the user has, when it all fits on one page: lets stored deletes skip a needless DELETE.
      state.lastFull = { ids: new Set(rows.map((t) => t.id)), complete: !state.hasMore };
    }
    const hidden = hiddenIds();
    const visible = rows.filter((t) => !hidden.has(t.id));
    if (append) {
      const seen = new Set(state.tasks.map((t) => t.id));
      state.tasks = state.tasks.concat(visible.filter((t) => !seen.has(t.id)));
    } else {
      state.tasks = visible;
    }
    state.loaded = true;
    els["list-error"].hidden = true;
    render();
  } catch (err) {
    if ((err && err.name === "AbortError") || seq !== state.loadSeq) return;
    if (err instanceof ApiError && err.kind === "expired") return;
    const message = err instanceof ApiError ? err.message : "Something unexpected went wrong.";
    if (!state.loaded) {
      els["list-error-text"].textContent = `Couldn't load your tasks. ${message}`;
      els["list-error"].hidden = false;
      els.empty.hidden = true;
    } else {
      showToast(`Couldn't refresh the list. ${message}`, { action: () => load() });
    }
  } finally {
    if (seq === state.loadSeq) {
      showProgress(false);
      if (append) setBusy(els["load-more"], false);
    }
  }
}

function showProgress(on, skeleton = false) {
  els["list-progress"].hidden = !on;
  els["task-list"].setAttribute("aria-busy", String(on));
  els["task-list"].classList.toggle("is-loading", on && !skeleton);
  if (on && skeleton && !state.tasks.length) {
    const skeletons = [];
    for (let i = 0; i < 3; i++) {
      const li = document.createElement("li");
      li.className = "task skeleton";
      li.setAttribute("aria-hidden", "true");
      skeletons.push(li);
    }
    els["task-list"].replaceChildren(...skeletons);
  }
}

// The pending count ("3 tasks left") is of all the user's tasks, whatever the filter or search.
const refreshCount = debounce(async () => {
  if (!state.active) return;
  const userId = state.user.id;
  try {
    const rows = await listTasks(userId, { status: "pending", sort: "-created", limit: COUNT_LIMIT });
    if (!state.active || state.user.id !== userId) return;
    state.countCapped = rows.length === COUNT_LIMIT;
    const hidden = hiddenIds();
    state.pendingCount = rows.filter((t) => !hidden.has(t.id)).length;
    renderCount();
  } catch {
    // The count stays as it was; the list shows the error if there is one.
  }
}, 200);

function adjustCount(delta) {
  if (state.pendingCount === null) return;
  state.pendingCount = Math.max(0, state.pendingCount + delta);
  renderCount();
}

function renderCount() {
  const n = state.pendingCount;
  const el = els["pending-count"];
  const nothingAtAll = state.loaded && state.status === "all" && !state.q && state.tasks.length === 0 && !state.hasMore;
  if (n === null || (n === 0 && nothingAtAll)) {
    el.textContent = "";
  } else if (n === 0) {
    el.textContent = "Nothing left to do";
  } else {
    el.textContent = `${n}${state.countCapped ? "+" : ""} ${n === 1 ? "task" : "tasks"} left`;
  }
  el.classList.toggle("is-zero", n === 0);
}

// ----------------------------------------------------------------------------------------- rendering

function rowId(el) {
  const li = el.closest("li.task");
  return li ? Number(li.dataset.id) : NaN;
}

function rowFor(id) {
  return els["task-list"].querySelector(`li.task[data-id="${Number(id)}"]`);
}

function render() {
  const focus = captureFocus();
  els["task-list"].replaceChildren(...state.tasks.map(renderRow));
  els["task-list"].classList.remove("is-loading");
  restoreFocus(focus);
  renderEmpty();
  renderCount();
  els["load-more"].hidden = !state.hasMore;
}

function renderRow(task) {
  const li = els.rowTemplate.content.firstElementChild.cloneNode(true);
  fillRow(li, task);
  if (state.editing && state.editing.id === task.id) openEditor(li, false);
  return li;
}

function fillRow(li, task) {
  li.dataset.id = String(task.id);
  li.classList.toggle("is-done", !!task.completed);
  const titleId = `task-${task.id}-title`;
  const title = li.querySelector(".task-title");
  title.id = titleId;
  title.textContent = task.title;
  const description = li.querySelector(".task-description");
  description.textContent = task.description || "";
  description.hidden = !task.description;
  const check = li.querySelector(".task-check");
  check.checked = !!task.completed;
  check.id = `task-${task.id}-check`;
  check.setAttribute("aria-labelledby", titleId);
  const time = li.querySelector(".task-time");
  const edited = task.updated_at && task.updated_at !== task.created_at;
  const when = edited ? task.updated_at : task.created_at;
  time.dateTime = when || "";
  time.textContent = when ? `${edited ? "Updated" : "Added"} ${formatRelative(when)}` : "";
  time.title = when ? formatAbsolute(when) : "";
  li.querySelector(".task-edit").setAttribute("aria-label", `Edit “${task.title}”`);
  li.querySelector(".task-delete").setAttribute("aria-label", `Delete “${task.title}”`);
}

function renderEmpty() {
  const empty = state.loaded && state.tasks.length === 0;
  els.empty.hidden = !empty;
  if (!empty) return;
  let title;
  let text;
  let action = "";
  if (state.q) {
    title = `No tasks match “${state.q}”`;
    text = "Try another word, or clear the search.";
    action = "Clear search";
  } else if (state.status === "pending") {
    title = "Nothing pending";
    text = "You're all caught up. Nice work!";
    action = "Show all tasks";
  } else if (state.status === "completed") {
    title = "Nothing completed yet";
    text = "Tick a task's checkbox when it's done and it will show up here.";
    action = "Show all tasks";
  } else {
    title = "No tasks yet";
    text = "Add your first one above. Press Enter to save it.";
    action = "Add a task";
  }
  els["empty-title"].textContent = title;
  els["empty-text"].textContent = text;
  els["empty-action"].textContent = action;
  els["empty-action"].hidden = !action;
}

function onShowAll() {
  els.search.value = "";
  state.q = "";
  $("#filter-all").checked = true;
  state.status = "all";
  load();
}

function onEmptyAction() {
  if (state.q) {
    els.search.value = "";
    setQuery("");
    els.search.focus();
  } else if (state.status !== "all") {
    $("#filter-all").checked = true;
    state.status = "all";
    load();
    $("#filter-all").focus();
  } else {
    els["new-title"].focus();
  }
}

const FOCUSABLE = ["task-check", "task-edit", "task-delete", "edit-title", "edit-description", "edit-save", "edit-cancel"];

function captureFocus() {
  const active = document.activeElement;
  if (!active || !els["task-list"].contains(active)) return null;
  const kind = FOCUSABLE.find((c) => active.classList.contains(c));
  return kind ? { id: rowId(active), kind } : null;
}

function restoreFocus(focus) {
  if (!focus) return;
  const li = rowFor(focus.id);
  const target = li && li.querySelector(`.${focus.kind}`);
  if (target) target.focus();
  else els["tasks-title"].focus();
}

/** After a row leaves the list: focus the same control on the next row, else the previous, else the heading. */
function focusAfterRemoval(index, kind = "task-check") {
  const rows = els["task-list"].querySelectorAll("li.task");
  const row = rows[Math.min(index, rows.length - 1)];
  const target = row && row.querySelector(`.${kind}`);
  if (target) target.focus();
  else if (!els.empty.hidden && !els["empty-action"].hidden) els["empty-action"].focus();
  else els["new-title"].focus();
}

function matchesView(task) {
  if (state.status === "pending" && task.completed) return false;
  if (state.status === "completed" && !task.completed) return false;
  if (state.q) {
    const q = state.q.toLowerCase();
    const inTitle = task.title.toLowerCase().includes(q);
    const inDescription = (task.description || "").toLowerCase().includes(q);
    if (!inTitle && !inDescription) return false;
  }
  return true;
}

function replaceTask(task) {
  const i = state.tasks.findIndex((t) => t.id === task.id);
  if (i >= 0) state.tasks[i] = task;
  return i;
}

// ----------------------------------------------------------------------------------------- add

async function addTask() {
  const titleInput = els["new-title"];
  const descriptionInput = els["new-description"];
  const title = titleInput.value.trim();
  const description = descriptionInput.value.trim();
  if (!title) {
    els["add-error"].textContent = "Give the task a title first.";
    titleInput.setAttribute("aria-invalid", "true");
    titleInput.focus();
    return;
  }
  if (els["add-submit"].disabled) return;
  els["add-error"].textContent = "";
  setBusy(els["add-submit"], true, "Adding…");
  const sentTitle = titleInput.value;
  const sentDescription = descriptionInput.value;
  try {
    const task = await createTask(state.user.id, title, description || null);
    if (!state.active) return;
    // Clear only what was sent: if the user kept typing meanwhile, that stays.
    if (titleInput.value === sentTitle) titleInput.value = "";
    if (descriptionInput.value === sentDescription) descriptionInput.value = "";
    // Ready for the next one.
    if (document.activeElement === descriptionInput && !titleInput.value) titleInput.focus();
    if (!task.completed) adjustCount(1);
    refreshCount();
    announce(`Added “${task.title}”.`);
    if (matchesView(task) && state.sort === "-created") {
      state.tasks.unshift(task);
      render();
      const row = rowFor(task.id);
      if (row) row.classList.add("is-new");
    } else {
      if (!matchesView(task)) {
        showToast(`Added “${task.title}”. The current filter or search hides it.`, {
          tone: "info", actionLabel: "Show all", action: onShowAll,
        });
      }
      load();
    }
  } catch (err) {
    if (err instanceof ApiError && err.kind === "expired") return;
    const message = err instanceof ApiError ? err.message : "Something unexpected went wrong.";
    els["add-error"].textContent = `Couldn't add the task. ${message}`;
    if (err instanceof ApiError && err.field === "title") titleInput.setAttribute("aria-invalid", "true");
  } finally {
    setBusy(els["add-submit"], false);
  }
}

// ----------------------------------------------------------------------------------------- edit

function startEdit(id) {
  const task = state.tasks.find((t) => t.id === id);
  if (!task) return;
  if (state.editing && state.editing.id !== id) cancelEdit(false);
  if (state.editing && state.editing.id === id) {
    const open = rowFor(id)?.querySelector(".edit-title");
    if (open) open.focus();
    return;
  }
  state.editing = { id, title: task.title, description: task.description || "" };
  const li = rowFor(id);
  if (li) openEditor(li, true);
}

function openEditor(li, focus) {
  const form = els.editTemplate.content.firstElementChild.cloneNode(true);
  const title = form.querySelector(".edit-title");
  const description = form.querySelector(".edit-description");
  title.value = state.editing.title;
  description.value = state.editing.description;
  form.setAttribute("aria-label", "Edit task");
  li.classList.add("is-editing");
  li.querySelector(".task-row").hidden = true;
  li.append(form);
  if (focus) {
    title.focus();
    title.select();
  }
}

function closeEditor(id, focusEdit) {
  const li = rowFor(id);
  if (!li) return;
  li.querySelector(".task-editor")?.remove();
  li.querySelector(".task-row").hidden = false;
  li.classList.remove("is-editing");
  if (focusEdit) li.querySelector(".task-edit").focus();
}

function cancelEdit(focusEdit = true) {
  if (!state.editing) return;
  const { id } = state.editing;
  state.editing = null;
  closeEditor(id, focusEdit);
}

function onEditorKey(e) {
  const editor = e.target.closest(".task-editor");
  if (!editor) return;
  if (e.key === "Escape") {
    e.preventDefault();
    e.stopPropagation();
    cancelEdit();
  } else if (e.key === "Enter" && e.target.classList.contains("edit-description") && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    saveEdit();
  }
}

async function saveEdit() {
  const editing = state.editing;
  if (!editing) return;
  const li = rowFor(editing.id);
  const form = li && li.querySelector(".task-editor");
  if (!form) return;
  const save = form.querySelector(".edit-save");
  if (save.disabled) return;
  const errorBox = form.querySelector(".edit-error");
  const titleInput = form.querySelector(".edit-title");
  const title = titleInput.value.trim();
  const description = form.querySelector(".edit-description").value.trim();
  const task = state.tasks.find((t) => t.id === editing.id);
  if (!title) {
    errorBox.textContent = "The title can't be empty.";
    titleInput.setAttribute("aria-invalid", "true");
    titleInput.focus();
    return;
  }
  if (task && title === task.title && description === (task.description || "")) {
    cancelEdit();
    return;
  }
  errorBox.textContent = "";
  titleInput.removeAttribute("aria-invalid");
  setBusy(save, true, "Saving…");
  try {
    const updated = await updateTask(state.user.id, editing.id, { title, description: description || null });
    if (!state.active) return;
    replaceTask(updated);
    if (state.editing && state.editing.id === editing.id) state.editing = null;
    const row = rowFor(updated.id);
    if (row) {
      closeEditor(updated.id, false);
      fillRow(row, updated);
      row.querySelector(".task-edit").focus();
    }
    announce(`Saved “${updated.title}”.`);
  } catch (err) {
    if (err instanceof ApiError && err.kind === "expired") return;
    const current = rowFor(editing.id)?.querySelector(".task-editor");
    if (err instanceof ApiError && err.kind === "client" && err.status === 404) {
      dropMissing(editing.id);
      return;
    }
    if (current) {
      current.querySelector(".edit-error").textContent = `Couldn't save. ${err instanceof ApiError ? err.message : ""}`;
      setBusy(current.querySelector(".edit-save"), false);
    }
    return;
  }
}

function dropMissing(id) {
  const i = state.tasks.findIndex((t) => t.id === id);
  if (state.editing && state.editing.id === id) state.editing = null;
  if (i >= 0) state.tasks.splice(i, 1);
  render();
  showToast("That task no longer exists; it may have been deleted elsewhere.");
  focusAfterRemoval(Math.max(0, i));
  refreshCount();
}

// ----------------------------------------------------------------------------------------- toggle

async function toggleTask(id, completed) {
  const task = state.tasks.find((t) => t.id === id);
  if (!task) return;
  const li = rowFor(id);
  const check = li && li.querySelector(".task-check");
  const before = task.completed;
  task.completed = completed; // shown at once; put back if the server says no
  if (li) li.classList.toggle("is-done", completed);
  adjustCount(completed ? -1 : 1);
  if (check) check.disabled = true;
  try {
    const updated = await updateTask(state.user.id, id, { completed });
    if (!state.active) return;
    const index = replaceTask(updated);
    announce(updated.completed ? `“${updated.title}” done.` : `“${updated.title}” marked as not done.`);
    const row = rowFor(id);
    if (!matchesView(updated) && index >= 0) {
      // The filter no longer shows it.
      const hadFocus = row && row.contains(document.activeElement);
      state.tasks.splice(index, 1);
      row?.remove();
      renderEmpty();
      if (hadFocus) focusAfterRemoval(index);
    } else if (row) {
      fillRow(row, updated);
    }
  } catch (err) {
    task.completed = before;
    const row = rowFor(id);
    if (row) {
      row.classList.toggle("is-done", before);
      row.querySelector(".task-check").checked = before;
    }
    adjustCount(completed ? 1 : -1);
    if (err instanceof ApiError && err.kind === "expired") return;
    if (err instanceof ApiError && err.kind === "client" && err.status === 404) {
      dropMissing(id);
      return;
    }
    showToast(`Couldn't update “${task.title}”. ${err instanceof ApiError ? err.message : ""}`, {
      action: () => {
        const c = rowFor(id)?.querySelector(".task-check");
        if (c) c.click();
      },
    });
  } finally {
    const c = rowFor(id)?.querySelector(".task-check");
    if (c) c.disabled = false;
    refreshCount();
  }
}

// ----------------------------------------------------------------------------------------- delete + undo
// The DELETE is sent when the undo window closes (5 s, or the snackbar is dismissed, or another task is
// deleted, or the user signs out, or the page goes away). Until then the task is only hidden here, and the
// intent is kept in localStorage so that it survives a closed tab.

function storedDeletes() {
  return loadPendingDeletes();
}

/** Ids of tasks deleted here but not yet on the server (undo window, or a DELETE still to send). */
function hiddenIds() {
  const ids = new Set(storedDeletes().filter((e) => e.userId === state.user.id).map((e) => e.id));
  if (state.pending) ids.add(state.pending.task.id);
  return ids;
}

function storeDelete(task, due) {
  const list = storedDeletes().filter((e) => !(e.userId === state.user.id && e.id === task.id));
  list.push({ userId: state.user.id, id: task.id, title: task.title, due });
  savePendingDeletes(list);
}

function unstoreDelete(userId, id) {
  savePendingDeletes(storedDeletes().filter((e) => !(e.userId === userId && e.id === id)));
}

function markDue(id) {
  savePendingDeletes(storedDeletes().map((e) => (e.userId === state.user.id && e.id === id ? { ...e, due: 0 } : e)));
}

function deleteWithUndo(id) {
  const index = state.tasks.findIndex((t) => t.id === id);
  if (index < 0) return;
  if (state.pending) commitPendingDelete();
  const task = state.tasks[index];
  if (state.editing && state.editing.id === id) state.editing = null;
  const row = rowFor(id);
  const focusKind = row && row.contains(document.activeElement)
    ? FOCUSABLE.find((c) => document.activeElement.classList.contains(c)) || "task-check"
    : null;
  state.tasks.splice(index, 1);
  row?.remove();
  renderEmpty();
  if (focusKind) focusAfterRemoval(index, focusKind === "task-delete" ? "task-delete" : "task-check");
  storeDelete(task, Date.now() + UNDO_MS);
  state.pending = { task, index, timer: setTimeout(() => commitPendingDelete(), UNDO_MS) };
  if (!task.completed) adjustCount(-1);
  els["snackbar-text"].textContent = `Deleted “${task.title}”`;
  els.snackbar.hidden = false;
  announce(`Deleted “${task.title}”. Undo is available for a few seconds (Ctrl+Z).`);
}

function undoDelete() {
  const pending = state.pending;
  if (!pending) return;
  clearTimeout(pending.timer);
  state.pending = null;
  unstoreDelete(state.user.id, pending.task.id);
  els.snackbar.hidden = true;
  const task = pending.task;
  state.tasks.splice(Math.min(pending.index, state.tasks.length), 0, task);
  render();
  if (!task.completed) adjustCount(1);
  refreshCount();
  const check = rowFor(task.id)?.querySelector(".task-check");
  if (check) check.focus();
  announce(`Restored “${task.title}”.`);
}

/** Closes the undo window now and sends the DELETE. */
async function commitPendingDelete() {
  const pending = state.pending;
  if (!pending) return;
  clearTimeout(pending.timer);
  state.pending = null;
  const snackbarHadFocus = els.snackbar.contains(document.activeElement);
  els.snackbar.hidden = true;
  if (snackbarHadFocus) els["new-title"].focus();
  await sendDelete(state.user.id, pending.task);
}

async function sendDelete(userId, task) {
  try {
    await deleteTask(userId, task.id);
    unstoreDelete(userId, task.id);
  } catch (err) {
    if (err instanceof ApiError && err.kind === "expired") return; // still stored: sent after the next sign-in
    markDue(task.id);
    if (state.active && state.user.id === userId) {
      showToast(`Couldn't delete “${task.title}” yet. ${err instanceof ApiError ? err.message : ""}`, {
        action: () => sendDelete(userId, task),
      });
    }
  } finally {
    if (state.active && state.user.id === userId) refreshCount();
  }
}

/** Deletes left over from an earlier visit (page closed during the undo window, or a failed DELETE). */
function flushStoredDeletes() {
  if (!state.active) return;
  const userId = state.user.id;
  for (const entry of storedDeletes()) {
    if (entry.userId !== userId) continue;
    if (!entry.due && state.lastFull && state.lastFull.complete && !state.lastFull.ids.has(entry.id)) {
      unstoreDelete(userId, entry.id); // the DELETE sent as the page went away got through
      continue;
    }
    const wait = Math.max(0, (entry.due || 0) - Date.now());
    setTimeout(() => {
      // Still wanted? (another tab may have undone it)
      if (!state.active || state.user.id !== userId) return;
      if (!storedDeletes().some((e) => e.userId === userId && e.id === entry.id)) {
        load();
        return;
      }
      if (state.pending && state.pending.task.id === entry.id) return;
      sendDelete(userId, { id: entry.id, title: entry.title || "task" });
    }, wait);
  }
}

// ----------------------------------------------------------------------------------------- keyboard

function isTyping(target) {
  return target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) &&
    !(target.type === "checkbox" || target.type === "radio");
}

function onGlobalKey(e) {
  if (!state.active || e.defaultPrevented) return;
  if (e.key === "/" && !isTyping(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    els.search.focus();
    els.search.select();
  } else if ((e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === "z" && state.pending && !isTyping(e.target)) {
    e.preventDefault();
    undoDelete();
  }
}

// ----------------------------------------------------------------------------------------- sign out

async function doSignOut() {
  const button = els["sign-out"];
  if (button.disabled) return;
  setBusy(button, true, "Signing out…");
  await commitPendingDelete();
  const error = await signOut();
  setBusy(button, false);
  stopTasks();
  onSignedOut(error
    ? "You're signed out on this device, but the server couldn't be told. Sign in and out again when you're back online."
    : "You've signed out.");
}
