/*
 * scheme.h - helpers for writing scheme plugins: what every scheme repeats,
 * written once.  They live in the static library libassess_scheme.a that a
 * plugin links into itself (pkg-config --libs assess), so they are not part
 * of the plugin ABI and may grow freely; they reach the host only through
 * the assess_host table.
 *
 * Decimal terms: assessors' scores are decimals, but doubles are binary, so
 * 0.3 * 90 + 0.7 * 90 may come out a hair under 90.  Every comparison here
 * first rounds both sides to ASSESS_DEC_PLACES decimal places, so exactly
 * 90.00 reaches a bar of 90 however it was summed.
 *
 * Config errors are reported through host->config_error (exit 3) and
 * record errors through host->reject (the record is rejected); each helper
 * says which it uses.  Everything a helper allocates is freed by its _free.
 */
#ifndef ASSESS_SCHEME_H
#define ASSESS_SCHEME_H

#include "assess.h"
#include "scheme_base.h" /* decimals, config values, the config table */
#include "criteria.h"    /* criteria, bars, labels, notes, periods */
#include "rules.h"       /* indicator rules (FG2), tallies */
#include "collect.h"     /* vectors, pools, sorts, rosters, matching */
#include "standard.h"    /* good on every criterion (FG1-FG4, SG1) */
#include "slotread.h"    /* the readers above by slot (ABI 1.2) */
#include "batch.h"       /* matching, caps, group counts, notes (batch) */

#endif /* ASSESS_SCHEME_H */
