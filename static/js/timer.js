// Rest timer, tempo guide and friendly network errors for logging sets.
// Progressive: every set logs without this file; it only adds pacing and messages.
"use strict";

(() => {
  const SOUND_KEY = "innerback.timerSound";
  let audioContext = null;
  let restTimer = null; // only one rest countdown runs at a time
  let tempoRun = null; // and one tempo guide

  // --- sound: off by default, the choice remembered on this device -------------------------

  function soundOn() {
    try {
      return window.localStorage.getItem(SOUND_KEY) === "on";
    } catch {
      return false; // storage blocked: stay silent
    }
  }

  function rememberSound(on) {
    try {
      window.localStorage.setItem(SOUND_KEY, on ? "on" : "off");
    } catch {
      // Storage blocked: the toggle still works for this page.
    }
  }

  function beep(frequency, milliseconds) {
    if (!soundOn()) return;
    try {
      const AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext) return;
      audioContext = audioContext || new AudioContext();
      const oscillator = audioContext.createOscillator();
      const gain = audioContext.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.value = 0.12;
      oscillator.connect(gain).connect(audioContext.destination);
      oscillator.start();
      oscillator.stop(audioContext.currentTime + milliseconds / 1000);
    } catch {
      // No audio available: the visual guide carries on alone.
    }
  }

  function initSoundToggle(root) {
    root.querySelectorAll("[data-timer-sound]").forEach((box) => {
      if (box.dataset.ready) return;
      box.dataset.ready = "1";
      box.checked = soundOn();
      box.addEventListener("change", () => {
        rememberSound(box.checked);
        if (box.checked) beep(660, 120); // a sample, and it unlocks audio on iOS
      });
      const wrapper = box.closest(".timer-sound");
      if (wrapper) wrapper.hidden = false;
    });
  }

  // --- rest timer --------------------------------------------------------------------------

  function clock(seconds) {
    const whole = Math.max(0, Math.ceil(seconds));
    const minutes = Math.floor(whole / 60);
    const rest = String(whole % 60).padStart(2, "0");
    return minutes ? `${minutes}:${rest}` : `${whole} s`;
  }

  function stopRest() {
    if (!restTimer) return;
    window.clearInterval(restTimer.interval);
    restTimer.element.classList.remove("is-running");
    restTimer = null;
  }

  function startRest(element) {
    stopRest();
    const total = Number(element.dataset.restS) || 60;
    const left = element.querySelector(".timer-left");
    const bar = element.querySelector(".timer-progress");
    const ends = Date.now() + total * 1000;
    element.classList.add("is-running");
    const tick = () => {
      if (!element.isConnected) return stopRest(); // the block was swapped away
      const remaining = (ends - Date.now()) / 1000;
      bar.value = Math.min(total, total - remaining);
      if (remaining <= 0) {
        left.textContent = "done — next set";
        bar.value = total;
        stopRest();
        beep(880, 180);
        window.setTimeout(() => beep(880, 180), 260);
        return;
      }
      left.textContent = clock(remaining);
    };
    restTimer = { element, interval: window.setInterval(tick, 250) };
    tick();
  }

  function initRestTimers(root) {
    root.querySelectorAll(".rest-timer").forEach((element) => {
      if (element.dataset.ready) return;
      element.dataset.ready = "1";
      element.hidden = false;
      element.querySelector("[data-timer-start]").addEventListener("click", () => startRest(element));
      element.querySelector("[data-timer-stop]").addEventListener("click", stopRest);
      if ("autostart" in element.dataset) startRest(element);
    });
  }

  // --- tempo guide -------------------------------------------------------------------------

  // Tempo is eccentric first: 3-1-1-0 = lower 3 s, pause 1 s, lift 1 s, pause 0 s.
  // A hold is paced as: lift into it, hold, lower out of it, pause.
  // Each phase also says where the drawings go: from and to, 0 = raised, 1 = lowered.
  function phases(tempo, reps, holdSeconds) {
    const [lower, bottom, lift, top] = tempo.split("-").map(Number);
    const one = holdSeconds
      ? [["Lift", lift, 1, 0], ["Hold", holdSeconds, 0, 0], ["Lower", lower, 0, 1], ["Pause", bottom, 1, 1]]
      : [["Lower", lower, 0, 1], ["Pause", bottom, 1, 1], ["Lift", lift, 1, 0], ["Pause", top, 0, 0]];
    const all = [];
    for (let rep = 1; rep <= reps; rep += 1) {
      one.forEach(([name, seconds, from, to]) => {
        if (seconds > 0) all.push({ name, seconds, rep, from, to });
      });
    }
    return all;
  }

  // The drawings cross-fade with the movement, or switch at its middle for people who ask
  // their system for reduced motion.
  const stillDrawings = window.matchMedia("(prefers-reduced-motion: reduce)");

  function showPose(element, step, fraction) {
    const pose = step.from + (step.to - step.from) * fraction;
    const shown = stillDrawings.matches ? Math.round(pose) : pose;
    element.style.setProperty("--pose", shown.toFixed(3));
  }

  function stopTempo() {
    if (!tempoRun) return;
    window.cancelAnimationFrame(tempoRun.frame);
    tempoRun.element.classList.remove("is-running");
    tempoRun.element.style.setProperty("--phase-progress", "0");
    tempoRun = null;
  }

  function startTempo(element) {
    stopTempo();
    const reps = Math.max(1, Number(element.dataset.reps) || 1);
    const steps = phases(element.dataset.tempo || "", reps, Number(element.dataset.holdS) || 0);
    if (!steps.length) return;
    const phaseLabel = element.querySelector(".tempo-phase");
    const countLabel = element.querySelector(".tempo-count");
    let index = -1;
    let phaseStart = 0;
    element.classList.add("is-running");
    const run = { element, frame: 0 };
    tempoRun = run;

    const enter = (now) => {
      index += 1;
      phaseStart = now;
      if (index >= steps.length) {
        phaseLabel.textContent = "Set done";
        countLabel.textContent = "";
        beep(520, 250);
        stopTempo();
        return false;
      }
      const step = steps[index];
      element.dataset.phase = step.name.toLowerCase();
      phaseLabel.textContent = `${step.name} ${step.seconds} s`;
      countLabel.textContent = reps > 1 ? `rep ${step.rep} of ${reps}` : "";
      // A lower note marks the lowering: that is the phase to stretch out.
      beep(step.name === "Lower" ? 440 : 660, 90);
      return true;
    };

    const frame = (now) => {
      if (tempoRun !== run) return;
      if (!element.isConnected) return stopTempo();
      if (index < 0 && !enter(now)) return;
      const step = steps[index];
      const done = (now - phaseStart) / (step.seconds * 1000);
      if (done >= 1 && !enter(now)) return;
      const fraction = Math.min(1, (now - phaseStart) / (steps[index].seconds * 1000));
      element.style.setProperty("--phase-progress", fraction.toFixed(3));
      showPose(element, steps[index], fraction);
      run.frame = window.requestAnimationFrame(frame);
    };
    run.frame = window.requestAnimationFrame(frame);
  }

  function initTempoGuides(root) {
    root.querySelectorAll(".tempo-guide").forEach((element) => {
      if (element.dataset.ready) return;
      element.dataset.ready = "1";
      element.hidden = false;
      element.querySelector("[data-tempo-start]").addEventListener("click", () => startTempo(element));
      element.querySelector("[data-tempo-stop]").addEventListener("click", stopTempo);
    });
  }

  // --- errors htmx does not swap: say so beside the form, keep what was typed ---------------

  function formStatus(event) {
    const source = event.detail && event.detail.elt;
    const form = source && source.closest ? source.closest("form") : null;
    return form ? form.querySelector("[data-form-status]") : null;
  }

  document.addEventListener("htmx:responseError", (event) => {
    const status = formStatus(event);
    if (!status) return;
    const code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (code === 404) {
      status.textContent =
        "This session or set is no longer there (deleted, or not yours). Nothing was saved; " +
        "what you typed is still here.";
    } else if (code === 403) {
      status.textContent =
        "Your sign-in has expired. Nothing was saved — reload the page and log the set again.";
    } else {
      status.textContent = "Something went wrong on our side. Nothing was saved; try again.";
    }
    status.classList.add("is-error");
  });

  document.addEventListener("htmx:sendError", (event) => {
    const status = formStatus(event);
    if (!status) return;
    status.textContent = "No connection. Nothing was saved; what you typed is still here — try again.";
    status.classList.add("is-error");
  });

  // --- focus: the button that was pressed is gone after a swap, so move focus to what
  // comes next (the next set's form, an edit form, or "all sets logged") instead of the page.

  document.addEventListener("htmx:afterSettle", (event) => {
    const block = event.target;
    if (!block.classList || !block.classList.contains("exercise-block")) return;
    const active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) return;
    const next = block.querySelector(".edit-form [data-focus-after-swap]") ||
      block.querySelector("[data-focus-after-swap]");
    if (next) next.focus({ preventScroll: true });
    // Bring the set to do next into view — this exercise's, or the next exercise's once
    // this one has folded away — above the rest countdown at the foot of the screen.
    const form = block.querySelector("form.set-form") ||
      [...document.querySelectorAll("form.set-form")].find(
        (candidate) => block.compareDocumentPosition(candidate) & Node.DOCUMENT_POSITION_FOLLOWING,
      );
    if (form) form.scrollIntoView({ block: "nearest" });
  });

  // --- start-up and after each htmx swap ---------------------------------------------------

  function init(root) {
    initSoundToggle(root);
    initRestTimers(root);
    initTempoGuides(root);
  }

  document.addEventListener("htmx:load", (event) => init(event.target));
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
})();
