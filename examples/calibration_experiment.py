#!/usr/bin/env python3
"""A panel calibration experiment, end to end (docs/bindings.md).

Six assessors of known severity rate the example applicants against the
Staffordshire PCSO rulebook, three assessors to an applicant in rotating
panels. We then ask the library to find the severities again
(sl.calibrate), remove them from the ratings (adjust), and compare three
shortlists: from the ratings as given, from the adjusted ratings, and from
ratings no assessor biased (which a real sift never has). With matplotlib,
a figure of true against estimated severity is saved.

    python3 examples/calibration_experiment.py [--out DIR] [--seed N]
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import shortlist as sl

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules" / "staffordshire_pcso.yaml"
APPLICANTS = ROOT / "examples" / "data" / "applicants.csv"

#: Scale points each assessor takes off a score (+ = harsher than the panel).
SEVERITY = {"S1": -0.6, "S2": -0.3, "S3": 0.0, "S4": 0.0, "S5": 0.4, "S6": 0.8}


def simulate(rb: sl.Rulebook, applicants: pd.DataFrame, rng: np.random.Generator,
             severity: dict) -> pd.DataFrame:
    """Ratings in long format: each applicant has an ability, each criterion
    an offset; an assessor scores ability + offset - severity + noise,
    rounded to a point of the criterion's scale. severity={} gives the
    ratings nobody biased (the same ability, offsets and noise)."""
    criteria = rb.criteria
    assessors = list(SEVERITY)
    ability = rng.normal(0.0, 0.7, len(applicants))
    offset = rng.normal(0.0, 0.3, len(criteria))
    rows = []
    for a, applicant in enumerate(applicants["applicant_id"]):
        panel = [assessors[(a + k) % len(assessors)] for k in range(3)]  # rotating panels
        for c, (criterion, spec) in enumerate(criteria.iterrows()):
            middle = (spec.scale_min + spec.scale_max) / 2
            for who in panel:
                noise = rng.normal(0.0, 0.5)
                value = middle + ability[a] + offset[c] - severity.get(who, 0.0) + noise
                score = float(np.clip(np.round(value), spec.scale_min, spec.scale_max))
                rows.append((applicant, criterion, who, score))
    return pd.DataFrame(rows, columns=["applicant_id", "criterion", "assessor", "score"])


def adjust(ratings: pd.DataFrame, cal: sl.Calibration, rb: sl.Rulebook) -> pd.DataFrame:
    """Each rating plus its assessor's adjustment, kept on the criterion's scale."""
    out = ratings.copy()
    out["score"] = out["score"] + out["assessor"].map(cal.assessors["adjustment"])
    scales = rb.criteria.loc[out["criterion"], ["scale_min", "scale_max"]].to_numpy()
    out["score"] = np.clip(out["score"].to_numpy(), scales[:, 0], scales[:, 1])
    return out


def shortlisted(result: pd.DataFrame) -> set:
    on = result["status"].isin(["shortlisted", "guaranteed_interview"])
    return set(result.loc[on, "applicant_id"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("."), help="where the figure goes")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args(argv)

    rb = sl.load_rulebook(RULES)
    applicants = pd.read_csv(APPLICANTS, dtype=str, keep_default_na=False)
    ratings = simulate(rb, applicants, np.random.default_rng(args.seed), SEVERITY)
    unbiased = simulate(rb, applicants, np.random.default_rng(args.seed), {})
    print(f"{rb.id}: {len(applicants)} applicants, {len(rb.criteria)} criteria, "
          f"{len(ratings)} ratings by {len(SEVERITY)} assessors")

    # 1. Calibrate: agreement, and the severities found again.
    cal = sl.calibrate(ratings, rulebook=rb, applicants=applicants)
    overall = cal.agreement.loc["overall"]
    print(f"agreement: ICC(2,1) {overall['ICC2']:.3f}, ICC(3,1) {overall['ICC3']:.3f}, "
          f"alpha (interval) {overall['alpha_interval']:.3f}")
    true = pd.Series(SEVERITY, name="true")
    found = cal.assessors["severity"].reindex(true.index)
    # Severities are centred on the panel: compare with the true ones centred too.
    error = (found - (true - true.mean())).abs()
    r = float(np.corrcoef(true, found)[0, 1])
    print("assessor severity (scale points, + = harsher):")
    for who in true.index:
        flag = "  flagged" if cal.assessors.loc[who, "flagged"] else ""
        print(f"  {who}: true {true[who]:+.2f}, estimated {found[who]:+.3f} "
              f"(se {cal.assessors.loc[who, 'se']:.3f}){flag}")
    print(f"correlation {r:.3f}; largest error {error.max():.3f} points")

    # 2. Adjust, and 3. compare the shortlists.
    given = shortlisted(sl.score(rb, applicants, ratings))
    adjusted = shortlisted(sl.score(rb, applicants, adjust(ratings, cal, rb)))
    ideal = shortlisted(sl.score(rb, applicants, unbiased))
    print(f"shortlists of {len(given)}: as rated vs unbiased differ by "
          f"{len(given ^ ideal) // 2} applicant(s); adjusted vs unbiased by "
          f"{len(adjusted ^ ideal) // 2}")
    if cal.changes is not None:
        print(f"calibrate's own adjusted shortlist: {len(cal.changes)} change(s)")

    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no figure")
    else:
        fig, ax = plt.subplots(figsize=(4.5, 4))
        ax.errorbar(true - true.mean(), found, yerr=1.96 * cal.assessors["se"].reindex(true.index),
                    fmt="o")
        lim = [min(true - true.mean()) - 0.3, max(true - true.mean()) + 0.3]
        ax.plot(lim, lim, "--", color="grey")
        ax.set_xlabel("true severity (centred, points)")
        ax.set_ylabel("estimated severity (points)")
        ax.set_title("Assessor severity found again")
        args.out.mkdir(parents=True, exist_ok=True)
        figure = args.out / "calibration_experiment.png"
        fig.tight_layout()
        fig.savefig(figure, dpi=100)
        print(f"figure: {figure}")
    return 0 if r > 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
