// The owner's decisions on "Tolkningar", saved as a file for whoever maintains the policy.
// Only collects: each reading's block carries its id and fingerprint (computed by the same
// Python that `python -m checker confirm --from FILE` checks them with), its inputs carry
// `confirm` or an option's id, and the button carries the words to show. Nothing is sent.
{
  const button = document.querySelector("[data-decisions]");
  const status = document.querySelector("[data-decisions-status]");

  const decisions = () =>
    [...document.querySelectorAll("[data-interpretation][data-fingerprint]")].flatMap((reading) => {
      const choice = reading.querySelector("input[type=radio]:checked")?.value || null;
      const comment = reading.querySelector("textarea")?.value.trim() || "";
      if (!choice && !comment) return [];
      return [{
        interpretation: reading.dataset.interpretation,
        choice,
        comment,
        fingerprint: reading.dataset.fingerprint,
      }];
    });

  const save = () => {
    const chosen = decisions();
    if (!chosen.length) {
      status.textContent = button.dataset.decisionsNone;
      return;
    }
    const file = {
      kind: "tolkningar-beslut",
      policy_version: button.dataset.policyVersion,
      decisions: chosen,
    };
    const blob = new Blob([JSON.stringify(file, null, 1) + "\n"], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.dataset.file;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    status.textContent = button.dataset.decisionsSaved
      .replace("{count}", String(chosen.length))
      .replace("{file}", button.dataset.file);
  };

  if (button && status) {
    button.parentElement.hidden = false;
    button.addEventListener("click", save);
  }
}
