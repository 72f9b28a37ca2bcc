"""Properties the owner signs (policy.yaml ``properties``), proven by verify over every scenario.

A property that holds passes verify and stands on its page with what was proven; one that
does not stops verify (and with it scripts/build) at its line in policy.yaml, with the
first counterexample in staff's words.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker import Policy, PolicyError, load_policy
from checker.engine.proofs import prove_all
from checker.engine.verify import all_scenarios

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from pages.owner import interpretations_page  # noqa: E402
from pages.properties_page import PAGE, properties_page  # noqa: E402

WRONG = """  - id: aldre-barn-ger-aldrig-vardnadshavaren-farre-mojligheter
    says: Ett äldre barn ger aldrig vårdnadshavaren färre möjligheter.
    situation: proxy
    field: child_age
    change: increasing
    when: {actor: guardian}
    never: stricter
"""
"""Untrue of the routine: a guardian reads the journal of a child under 13 only."""


def with_property(tmp_path: Path, text: str) -> tuple[Path, int]:
    """The real policy with ``text`` as its first property, and the line that property starts on."""
    original = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    edited = original.replace("\nproperties:\n", "\nproperties:\n" + text, 1)
    assert edited != original
    path = tmp_path / "policy.yaml"
    path.write_text(edited, encoding="utf-8")
    return path, edited[: edited.index(text)].count("\n") + 1


def run_verify(path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", "--policy", str(path), "verify", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_every_property_of_the_policy_holds_and_compares_answers(policy: Policy) -> None:
    proofs = prove_all(policy)
    assert len(proofs) == len(policy.data["properties"]) >= 10
    for proof in proofs:
        assert proof.holds and proof.broken == 0, proof.property["id"]
        assert proof.pairs > 0 and proof.answers > 1


def test_a_property_is_proven_over_every_scenario_it_is_about(policy: Policy) -> None:
    """An integer's every value against every higher one, in every combination of the rest."""
    proof = next(proof for proof in prove_all(policy) if proof.property.get("change") == "increasing")
    item = proof.property
    field = policy.situations[item["situation"]].fields[item["field"]]
    ages = field.data["max"] - field.data["min"] + 1
    scenarios = [
        scenario
        for scenario in all_scenarios(policy, item["situation"])
        if all(scenario.get(key) == value for key, value in item["when"].items())
    ]
    assert proof.answers == len(scenarios)
    assert proof.pairs == len(scenarios) // ages * ages * (ages - 1) // 2


def test_a_broken_property_stops_verify_at_its_line_with_a_counterexample(tmp_path: Path, policy: Policy) -> None:
    path, line = with_property(tmp_path, WRONG)
    result = run_verify(path)
    assert result.returncode == 1
    failing = [text for text in result.stdout.splitlines() if text.startswith("policy.yaml:")]
    assert len(failing) == 1
    message = failing[0]
    assert message.startswith(f"policy.yaml:{line}: ")
    assert "Ett äldre barn ger aldrig vårdnadshavaren färre möjligheter." in message
    assert policy.situations["proxy"].label in message
    assert "Samma fall när barnets ålder är" in message
    outcomes = policy.data["texts"]["outcomes"]
    assert f": {outcomes['allowed']}." in message and f": {outcomes['not_allowed']}, som är strängare" in message
    count = len(policy.data["properties"])
    assert f"Egenskaper: {count} av {count + 1} bevisade" in result.stdout
    answer = json.loads(run_verify(path, "--format", "json").stdout)
    assert answer["ok"] is False
    wrong = answer["properties"][0]
    assert wrong["holds"] is False and wrong["broken"] > 0 and wrong["error"] == message


BOUNDED = """  - id: overforing-via-e-post-tillats
    says: Bilder och bilagor får alltid föras över via e-post.
    situation: attachments
    when: {transfer_method: email}
    at_most: allowed_with_conditions
"""
"""Untrue of the routine: e-mail is not a way to move pictures and attachments."""


def test_a_broken_bound_stops_verify_at_its_line_with_the_scenario(tmp_path: Path, policy: Policy) -> None:
    path, line = with_property(tmp_path, BOUNDED)
    result = run_verify(path)
    assert result.returncode == 1
    outcomes = policy.data["texts"]["outcomes"]
    assert (
        f"policy.yaml:{line}: egenskapen ”Bilder och bilagor får alltid föras över via e-post.” gäller inte, i 1 fall. "
        f"Det första: {policy.situations['attachments'].label}; överföringssättet är e-post: "
        f"{outcomes['not_allowed']}, som är strängare än {outcomes['allowed_with_conditions']}.\n"
    ) in result.stdout
    text = properties_page(load_policy(path))
    assert f"- Svaret är aldrig strängare än {outcomes['allowed_with_conditions']}" in text
    assert text.count("kontroll/index.md?situation=attachments") == 1


def test_a_bound_that_holds_is_proven_over_each_scenario_it_is_about(policy: Policy) -> None:
    proof = next(
        proof for proof in prove_all(policy) if "at_most" in proof.property and "system" in proof.property["when"]
    )
    item = proof.property
    expected = [
        scenario
        for scenario in all_scenarios(policy, item["situation"])
        if scenario["system"] in item["when"]["system"]["one_of"]
    ]
    assert proof.holds and proof.answers == proof.pairs == len(expected) > 0
    assert f"**Bevisad över {proof.answers} svar.**" in properties_page(policy)


def test_a_property_that_compares_nothing_proves_nothing(tmp_path: Path) -> None:
    """A filter no scenario meets would make any sentence "proven": verify refuses it."""
    path, line = with_property(tmp_path, WRONG.replace("{actor: guardian}", "{actor: {not_one_of: [guardian, child]}}"))
    result = run_verify(path)
    assert result.returncode == 1
    assert (
        f"policy.yaml:{line}: egenskapen ”Ett äldre barn ger aldrig vårdnadshavaren färre möjligheter.” gäller inget scenario"
        in (result.stdout)
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("never: stricter", "never: strangare", "never ska vara stricter eller more_permissive"),
        ("change: increasing", "change: {from: 3, to: 3}", "står både i from och i to"),
        ("change: increasing", "change: {from: 3, to: 40}", "värdet 40 finns inte för fältet 'child_age'"),
        ("change: increasing", "change: upp", "ska vara increasing eller {from: …, to: …}"),
        ("field: child_age", "field: actor", "increasing går bara på ett heltalsfält"),
        ("field: child_age", "field: alder", "ändrar fältet 'alder', som ingen situation här har"),
        ("situation: proxy", "situation: barn", "gäller situationen 'barn', som inte finns"),
        ("when: {actor: guardian}", "when: {aktor: guardian}", "fältet 'aktor', som inte finns"),
        ("    never: stricter\n", "    never: stricter\n    sagt: ja\n", "okänd nyckel 'sagt'"),
        ("{actor: guardian}", "{actor: guardian, child_age: 3}", "både ändra fältet 'child_age' och ställa villkor"),
        (
            "    never: stricter\n",
            "    never: stricter\n    at_most: allowed\n",
            "har at_most och kan därför inte ha 'field'",
        ),
        ("    never: stricter\n", "", "saknar nyckeln 'never' (eller at_most)"),
        ("    situation: proxy\n", "    at_most: allowed\n", "har at_most och kan därför inte ha 'field'"),
    ],
)
def test_a_property_that_cannot_be_read_stops_loading_at_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, start = with_property(tmp_path, WRONG.replace(old, new))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    error = caught.value
    assert message in error.reason
    assert start <= error.line < start + WRONG.count("\n") + 1


def test_the_page_shows_each_property_its_machine_form_and_its_proof(policy: Policy) -> None:
    text = properties_page(policy)
    for proof in prove_all(policy):
        item = proof.property
        assert f"## {item['says']} {{ #egenskap-{item['id']} }}" in text
        assert (
            f"**Bevisad över {proof.answers} svar.**"
            if "at_most" in item
            else f"**Bevisad över {proof.answers} svar** ({proof.pairs} jämförda par av fall)."
        ) in text
    assert text.count("**I maskinform:**") == len(policy.data["properties"])
    assert "- Ändras: från att ärendet inte är mycket brådskande till att ärendet är mycket brådskande" in text
    assert "- Bara när den som gör det är vårdnadshavare som ombud" in text
    assert f"]({PAGE})" in interpretations_page(policy)


def test_the_page_says_where_a_property_fails(tmp_path: Path) -> None:
    path, _ = with_property(tmp_path, WRONG)
    text = properties_page(load_policy(path))
    assert "**Gäller inte:** egenskapen ”Ett äldre barn ger aldrig vårdnadshavaren färre möjligheter.”" in text
    assert text.count("kontroll/index.md?situation=proxy") == 2


def test_the_built_site_has_the_page_in_its_navigation_and_a_link_from_tolkningar(
    site_dir: Path, policy: Policy
) -> None:
    built = html.unescape((site_dir / "egenskaper" / "index.html").read_text(encoding="utf-8"))
    for proof in prove_all(policy):
        assert f'id="egenskap-{proof.property["id"]}"' in built
        assert f"Bevisad över {proof.answers} svar" in built
    title = policy.text("properties_page", "title")
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="egenskaper/"[^>]*>\s*(<span[^>]*>)?\s*{title}', index)
    interpretations = (site_dir / "tolkningar" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<p>[^<]*<a href="\.\./egenskaper/">{title}</a>', interpretations)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    situation: attachments\n", "", "med at_most ska ange 'situation'"),
        (
            "at_most: allowed_with_conditions",
            "at_most: not_allowed",
            "at_most ska vara allowed, allowed_with_conditions",
        ),
        ("at_most: allowed_with_conditions", "at_most: maybe", "inte 'maybe'"),
        ("{transfer_method: email}", "{transfer_method: e-post}", "värdet 'e-post' finns inte"),
    ],
)
def test_a_bound_that_cannot_be_read_stops_loading_at_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, start = with_property(tmp_path, BOUNDED.replace(old, new))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert message in caught.value.reason
    assert start <= caught.value.line < start + BOUNDED.count("\n") + 1
