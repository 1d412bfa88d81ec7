#!/usr/bin/python3
"""The benchmark job done the usual way, in pandas: the baseline for
run_end_to_end.sh.

    pandas_baseline.py DIR OUT.csv

DIR is what make_dataset writes: applicants.csv, ratings.csv and job.json (the
synthetic rulebook as plain numbers). The job is the part of `shortlist score`
a spreadsheet analyst would write by hand: eligibility (licence, bleep level),
mean score per applicant and criterion, pivot, normalise to 0..1, weighted mean
per group, weighted total out of 100, essential minimums, rank eligible
applicants by total (then applicant id), mark the top N (everyone tied with
N-th place included) and opted-in applicants who meet the essentials, and write
a CSV. It does not write reasons for each applicant, check the input or handle
indicator-only, not_evidenced, not_assessed or not_applicable ratings, which
`shortlist` does; the dataset has none of them.
"""
import json
import sys

import numpy as np
import pandas as pd


def main(directory: str, out: str) -> None:
    with open(f"{directory}/job.json", encoding="utf-8") as f:
        job = json.load(f)
    lo, hi = job["scale"]["min"], job["scale"]["max"]

    applicants = pd.read_csv(f"{directory}/applicants.csv", dtype=str)
    ratings = pd.read_csv(
        f"{directory}/ratings.csv",
        usecols=["applicant_id", "criterion", "score"],
        dtype={"applicant_id": str, "criterion": str, "score": np.float64},
    )

    # Mean score per applicant x criterion, as an applicants x criteria table.
    raw = ratings.groupby(["applicant_id", "criterion"], sort=False)["score"].mean()
    raw = raw.unstack("criterion").reindex(index=applicants["applicant_id"])
    criteria = pd.DataFrame(job["criteria"]).set_index("id")
    raw = raw.reindex(columns=criteria.index)
    s = ((raw - lo) / (hi - lo)).fillna(0.0)  # missing evidence scores 0

    table = pd.DataFrame(index=raw.index)
    group_weights = job["groups"]
    total = 0.0
    for group, weight in group_weights.items():
        cols = criteria.index[criteria["group"] == group]
        w = criteria.loc[cols, "weight"].astype(float)
        table[group] = (s[cols] * w.values).sum(axis=1) / w.sum()
        total = total + weight * table[group]
    table["total"] = (100.0 * total / sum(group_weights.values())).round(6)

    # Gates: licence, bleep test level (level.shuttle, compared part by part),
    # essential minimums (a missing essential also fails).
    facts = applicants.set_index("applicant_id")
    level = facts[job["level_fact"]].str.split(".", n=1, expand=True).astype(int)
    want_level, want_shuttle = job["level_min"]
    fit = (level[0] > want_level) | ((level[0] == want_level) & (level[1] >= want_shuttle))
    licence = facts[job["licence_fact"]].str.lower().isin(["true", "yes", "y"])
    minimums = criteria["minimum"].dropna()
    meets_minimums = (raw[minimums.index] >= minimums.values).all(axis=1)
    essentials_ok = licence & fit & meets_minimums
    eligible = essentials_ok  # no pass mark on the total

    # Rank: total descending, then applicant id; ties share a rank.
    table["eligible"] = eligible
    table = table.reset_index().sort_values(
        ["eligible", "total", "applicant_id"], ascending=[False, False, True], kind="mergesort"
    )
    ok = table["eligible"]
    table["rank"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table.loc[ok, "rank"] = table.loc[ok, "total"].rank(method="min", ascending=False).astype(int)
    top = job["top"]
    cutoff = table.loc[ok, "total"].iloc[top - 1] if ok.sum() >= top else -1.0
    opted = facts[job["guaranteed_interview_fact"]].str.lower().isin(["true", "yes", "y"])
    opted = table["applicant_id"].map(opted) & table["applicant_id"].map(essentials_ok)
    shortlisted = ok & (table["total"] >= cutoff)
    table["status"] = np.select(
        [shortlisted, opted, ok],
        ["shortlisted", "guaranteed_interview", "not_shortlisted"],
        default="not_eligible",
    )
    table[["rank", "applicant_id", "status", "total", "essential", "desirable", "competency"]].to_csv(
        out, index=False, float_format="%.6f"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pandas_baseline.py DIR OUT.csv")
    main(sys.argv[1], sys.argv[2])
