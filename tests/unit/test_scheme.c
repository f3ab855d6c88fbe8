/*
 * test_scheme.c - unit tests of the scheme helpers (libassess_scheme.a),
 * run against the real host table: decimal comparisons, indicator rules,
 * bars, periods, labels, key lists, nearest names and tallies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "assess/scheme.h"
#include "../../sdk/internal.h" /* sdk_vformat */
#include "config.h"
#include "host.h"

static const assess_host *h = &host_table;

/* A config from INI text; the file is removed at once. */
static assess_config *ini(const char *text)
{
	char path[] = "/tmp/assess-scheme-XXXXXX";
	char err[512];
	assess_config *cfg = NULL;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(config_load(path, &cfg, err, sizeof err), 0);
	unlink(path);
	return cfg;
}

static void test_dec_cmp_treats_binary_noise_as_equal(void **state)
{
	(void)state;
	assert_int_equal(assess_dec_cmp(0.1 + 0.2, 0.3), 0);
	assert_int_equal(assess_dec_cmp(20 * (0.84 - 0.2) / 0.8, 16), 0);
	assert_int_equal(assess_dec_cmp(0.3 * 90 + 0.3 * 90 + 0.4 * 90, 90), 0);
	assert_int_equal(assess_dec_cmp(89.99, 90), -1);
	assert_int_equal(assess_dec_cmp(90.000001, 90), 1);
	assert_int_equal(assess_dec_cmp(-1, 1), -1);
	assert_int_equal(assess_dec_cmp(1e15, 1e15 + 2), -1);
}

static void test_dec_round_rounds_half_away_in_decimal(void **state)
{
	(void)state;
	assert_true(assess_dec_round(2.675, 2) == 2.68);
	assert_true(assess_dec_round(1.005, 2) == 1.01);
	assert_true(assess_dec_round(-1.005, 2) == -1.01);
	assert_true(assess_dec_round(15.999999999999996, 2) == 16);
	assert_true(assess_dec_round(86.444, 2) == 86.44);
	assert_true(assess_dec_round(-0.001, 2) == 0);
}

static void test_rule_points_for_each_type(void **state)
{
	double thr[] = { 0.5, 0.8, 0.9 }, pts[] = { 8, 16, 20 };
	assess_rule yes = { .type = ASSESS_RULE_YESNO, .points = 6 };
	assess_rule bins = { .type = ASSESS_RULE_BINS, .thr = thr, .pts = pts,
	                     .nbins = 3 };
	assess_rule lin = { .type = ASSESS_RULE_LINEAR, .from = 0.4, .to = 0.8,
	                    .points = 12 };
	assess_rule fall = { .type = ASSESS_RULE_LINEAR, .from = 10, .to = 0,
	                     .points = 10 };
	assess_rule cnt = { .type = ASSESS_RULE_COUNT, .per = 0.5, .cap = 5 };
	assess_rule ded = { .type = ASSESS_RULE_DEDUCT, .per = 2, .cap = 6 };

	(void)state;
	assert_true(assess_rule_points(&yes, 1) == 6);
	assert_true(assess_rule_points(&yes, 0) == 0);
	assert_true(assess_rule_points(&bins, 0.49) == 0);
	assert_true(assess_rule_points(&bins, 0.5) == 8);
	assert_true(assess_rule_points(&bins, 0.1 * 8) == 16); /* 0.8000...04 */
	assert_true(assess_rule_points(&bins, 0.7 + 0.1) == 16); /* 0.7999...9 */
	assert_true(assess_rule_points(&bins, 5) == 20);
	assert_int_equal(assess_dec_cmp(assess_rule_points(&lin, 0.7), 9), 0);
	assert_true(assess_rule_points(&lin, 0.2) == 0);
	assert_true(assess_rule_points(&lin, 0.95) == 12);
	assert_true(assess_rule_points(&fall, 0) == 10);
	assert_true(assess_rule_points(&fall, 10) == 0);
	assert_true(assess_rule_points(&fall, 2.5) == 7.5);
	assert_true(assess_rule_points(&cnt, 7) == 3.5);
	assert_true(assess_rule_points(&cnt, 70) == 5);
	assert_true(assess_rule_points(&ded, 2) == -4);
	assert_true(assess_rule_points(&ded, 9) == -6);
	assert_true(assess_rule_max(&bins) == 20);
	assert_true(assess_rule_max(&cnt) == 5);
	assert_true(assess_rule_max(&ded) == 0);
}

static void test_criteria_take_percent_and_default_bars(void **state)
{
	assess_config *cfg = ini("[criterion.a]\nlabel = 甲\nmax = 15\n"
	                         "[criterion.b]\nlabel = 乙\nmax = 25\nbar = 60%\n"
	                         "[criterion.c]\nlabel = 丙\nmax = 60\nbar = 45.5\n"
	                         "[other]\nx = 1\n");
	assess_criteria c;

	(void)state;
	assert_int_equal(assess_criteria_load(h, cfg, "criterion", 100, 0.8, &c),
	                 ASSESS_OK);
	assert_int_equal(c.n, 3);
	assert_string_equal(c.v[0].key, "a");
	assert_string_equal(c.v[1].label, "乙");
	assert_true(c.v[0].bar == 12);
	assert_true(c.v[1].bar == 15);
	assert_true(c.v[2].bar == 45.5);
	assert_true(assess_criterion_passed(&c.v[2], 45.5));
	assert_false(assess_criterion_passed(&c.v[2], 45.49));
	assert_non_null(assess_criteria_find(&c, "c"));
	assert_null(assess_criteria_find(&c, "d"));
	assess_criteria_free(&c);
	/* the maxima must add up to the total */
	assert_int_equal(assess_criteria_load(h, cfg, "criterion", 90, 0.8, &c),
	                 ASSESS_ECONFIG);
	config_free(cfg);
}

static void test_bars_must_rise_and_pick_the_highest_reached(void **state)
{
	assess_config *cfg = ini("[stars]\n1 = 50\n2 = 60\n3 = 70\n4 = 80\n"
	                         "5 = 90\n[bad]\n1 = 50\n2 = 60\n3 = 60\n");
	assess_bars b;

	(void)state;
	assert_int_equal(assess_bars_load(h, cfg, "stars", 5, 0, 100, &b),
	                 ASSESS_OK);
	assert_int_equal(assess_bars_level(&b, 0.3 * 90 + 0.3 * 90 + 0.4 * 90), 5);
	assert_int_equal(assess_bars_level(&b, 89.99), 4);
	assert_int_equal(assess_bars_level(&b, 50), 1);
	assert_int_equal(assess_bars_level(&b, 49.99), 0);
	assess_bars_free(&b);
	assert_int_equal(assess_bars_load(h, cfg, "bad", 3, 0, 100, &b),
	                 ASSESS_ECONFIG);
	assert_int_equal(assess_bars_load(h, cfg, "stars", 6, 0, 100, &b),
	                 ASSESS_ECONFIG);
	config_free(cfg);
}

static void test_periods_weights_must_sum_to_one(void **state)
{
	assess_config *cfg = ini("[w]\ndaily = 0.3\nhalf_year = 0.3\n"
	                         "annual = 0.4\n[bad]\na = 0.5\nb = 0.4\n");
	assess_periods p;

	(void)state;
	assert_int_equal(assess_periods_load(h, cfg, "w", &p), ASSESS_OK);
	assert_int_equal(p.n, 3);
	assert_string_equal(p.key[2], "annual");
	assess_periods_free(&p);
	assert_int_equal(assess_periods_load(h, cfg, "bad", &p), ASSESS_ECONFIG);
	assert_int_equal(assess_periods_load(h, cfg, "none", &p), ASSESS_ECONFIG);
	config_free(cfg);
}

/* A record and an empty result around JSON text. */
struct fixture {
	cJSON *root;
	assess_record rec;
	assess_result res;
};

static void make(struct fixture *f, const char *json)
{
	memset(f, 0, sizeof *f);
	f->root = cJSON_Parse(json);
	assert_non_null(f->root);
	f->rec.root = f->root;
	f->rec.id = "r";
	f->res.root = cJSON_CreateObject();
	f->res.file = "test";
	f->res.id = "r";
}

static void drop(struct fixture *f)
{
	cJSON_Delete(f->root);
	cJSON_Delete(f->res.root);
	cJSON_Delete(f->res.errors);
}

/* The path of the record's error i, or NULL. */
static const char *error_path(const struct fixture *f, int i)
{
	const cJSON *e = cJSON_GetArrayItem(f->res.errors, i);

	return e ? cJSON_GetObjectItem(e, "path")->valuestring : NULL;
}

/* SB6 by path, as by slot: an entry's member beside period and the
 * level ("star" beside "stars") is refused at its path, not passed
 * over; a well-formed history reads latest first. */
static void test_history_by_path_refuses_unknown_members(void **state)
{
	assess_rating out[4];
	struct fixture f;

	(void)state;
	make(&f, "{\"period\":\"2025\",\"history\":[{\"period\":\"2023\","
	         "\"stars\":3},{\"period\":\"2024\",\"stars\":4}]}");
	assert_int_equal(assess_history_read(h, &f.rec, &f.res, "history",
	                                     "stars", 5, NULL, out, 4), 2);
	assert_string_equal(out[0].period, "2024");
	assert_int_equal(out[0].level, 4);
	drop(&f);
	make(&f, "{\"period\":\"2025\",\"history\":[{\"period\":\"2024\","
	         "\"stars\":4,\"star\":3}]}");
	assert_int_equal(assess_history_read(h, &f.rec, &f.res, "history",
	                                     "stars", 5, NULL, out, 4), -1);
	assert_string_equal(error_path(&f, 0), "history[0].star");
	assert_null(error_path(&f, 1));
	drop(&f);
}

static void test_item_score_weighs_present_periods(void **state)
{
	assess_config *cfg = ini("[w]\ndaily = 0.3\nhalf_year = 0.3\n"
	                         "annual = 0.4\n");
	assess_periods p;
	struct fixture f;
	double v;

	(void)state;
	assert_int_equal(assess_periods_load(h, cfg, "w", &p), ASSESS_OK);
	make(&f, "{\"checks\":{\"daily\":{\"team\":10},\"half_year\":"
	         "{\"team\":12},\"annual\":{\"team\":14}}}");
	assert_int_equal(assess_item_score(h, &f.rec, &f.res, &p, "team", 15, &v),
	                 ASSESS_OK);
	assert_int_equal(assess_dec_cmp(v, 0.3 * 10 + 0.3 * 12 + 0.4 * 14), 0);
	drop(&f);
	/* a score beside the checks that score the item would not be used:
	 * refused where it is */
	make(&f, "{\"checks\":{\"daily\":{\"team\":10},\"half_year\":"
	         "{\"team\":12},\"annual\":{\"team\":14}},\"scores\":{\"team\":1}}");
	assert_int_equal(assess_item_score(h, &f.rec, &f.res, &p, "team", 15, &v),
	                 ASSESS_EREJECT);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(f.res.errors, 0),
	                                        "path")->valuestring,
	                    "scores.team");
	drop(&f);
	/* only the annual check: it is used alone */
	make(&f, "{\"checks\":{\"annual\":{\"team\":14}}}");
	assert_int_equal(assess_item_score(h, &f.rec, &f.res, &p, "team", 15, &v),
	                 ASSESS_OK);
	assert_int_equal(assess_dec_cmp(v, 14), 0);
	drop(&f);
	/* no checks: scores */
	make(&f, "{\"scores\":{\"team\":9.5}}");
	assert_int_equal(assess_item_score(h, &f.rec, &f.res, &p, "team", 15, &v),
	                 ASSESS_OK);
	assert_true(v == 9.5);
	drop(&f);
	/* a check above the item's maximum rejects with its path */
	make(&f, "{\"checks\":{\"daily\":{\"team\":16}}}");
	assert_int_equal(assess_item_score(h, &f.rec, &f.res, &p, "team", 15, &v),
	                 ASSESS_EREJECT);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(f.res.errors, 0),
	                                        "path")->valuestring,
	                    "checks.daily.team");
	drop(&f);
	assess_periods_free(&p);
	config_free(cfg);
}

/* Read by path (any host), the items get the checks the slot readers
 * make: a misspelt period and a holder of the wrong type are rejected,
 * not read as absent and the record scored from the rest. */
static void test_items_read_by_path_checks_the_holders(void **state)
{
	assess_config *cfg = ini("[w]\ndaily = 0.5\nannual = 0.5\n"
	                         "[criterion.team]\nlabel = 班子\nmax = 15\n");
	assess_periods p;
	assess_criteria c;
	struct fixture f;
	const cJSON *e;
	double score[1], total;

	(void)state;
	assert_int_equal(assess_periods_load(h, cfg, "w", &p), ASSESS_OK);
	assert_int_equal(assess_criteria_load(h, cfg, "criterion", -1, -1, &c),
	                 ASSESS_OK);
	make(&f, "{\"checks\":{\"dialy\":{\"team\":10},\"annual\":"
	         "{\"team\":14}}}");
	assert_int_equal(assess_items_read(h, &f.rec, &f.res, &p, &c, score,
	                                   &total), ASSESS_EREJECT);
	e = cJSON_GetArrayItem(f.res.errors, 0);
	assert_string_equal(cJSON_GetObjectItem(e, "path")->valuestring,
	                    "checks.dialy");
	assert_non_null(strstr(cJSON_GetObjectItem(e, "message")->valuestring,
	                       "daily"));
	drop(&f);
	make(&f, "{\"scores\":\"oops\"}");
	assert_int_equal(assess_items_read(h, &f.rec, &f.res, &p, &c, score,
	                                   &total), ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(f.res.errors), 1); /* one line */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(f.res.errors,
	                    0), "path")->valuestring, "scores");
	drop(&f);
	make(&f, "{\"checks\":{\"annual\":{\"team\":14}}}");
	assert_int_equal(assess_items_read(h, &f.rec, &f.res, &p, &c, score,
	                                   &total), ASSESS_OK);
	assert_true(total == 14);
	drop(&f);
	assess_criteria_free(&c);
	assess_periods_free(&p);
	config_free(cfg);
}

/* A period or indicator key is part of a record's field path: '.', '['
 * and ']' cannot be in it. */
static void test_keys_that_cannot_name_a_field_are_config_errors(void **state)
{
	assess_config *cfg = ini("[w]\nhalf.year = 0.5\nannual = 0.5\n");
	assess_periods p;

	(void)state;
	assert_int_equal(assess_periods_load(h, cfg, "w", &p), ASSESS_ECONFIG);
	config_free(cfg);
}

static void test_keys_read_knows_only_configured_keys(void **state)
{
	assess_config *cfg = ini("[vetoes]\nteam_disunity = 班子不团结\n"
	                         "task_unfinished = 未完成任务\n");
	assess_labels l;
	unsigned char hit[2];
	struct fixture f;

	(void)state;
	assert_int_equal(assess_labels_load(h, cfg, "vetoes", &l), ASSESS_OK);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.label[0], "班子不团结");
	make(&f, "{\"vetoes\":[\"task_unfinished\"]}");
	assert_int_equal(assess_keys_read(h, &f.rec, &f.res, "vetoes", &l, hit),
	                 ASSESS_OK);
	assert_int_equal(hit[0], 0);
	assert_int_equal(hit[1], 1);
	drop(&f);
	make(&f, "{\"vetoes\":[\"task_unfinished\", \"late\", 3]}");
	assert_int_equal(assess_keys_read(h, &f.rec, &f.res, "vetoes", &l, hit),
	                 ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(f.res.errors), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(f.res.errors, 0),
	                                        "path")->valuestring, "vetoes[1]");
	drop(&f);
	make(&f, "{\"vetoes\":\"team_disunity\"}");
	assert_int_equal(assess_keys_read(h, &f.rec, &f.res, "vetoes", &l, hit),
	                 ASSESS_EREJECT);
	drop(&f);
	assess_labels_free(&l);
	config_free(cfg);
}

static void test_criteria_label_and_nearest_lookups(void **state)
{
	assess_config *cfg = ini("[criterion.leadership]\nlabel = 领导班子好\n"
	                         "max = 50\n[criterion.feedback]\n"
	                         "label = 群众反映好\nmax = 50\n");
	assess_criteria c;
	char hint[160];

	(void)state;
	assert_int_equal(assess_criteria_load(h, cfg, "criterion", 100, 0.8, &c),
	                 ASSESS_OK);
	assert_ptr_equal(assess_criteria_find_label(&c, "群众反映好"), &c.v[1]);
	assert_null(assess_criteria_find_label(&c, "feedback"));
	assert_int_equal(assess_criteria_nearest(&c, "feedbak"), 1);
	assert_int_equal(assess_criteria_nearest(&c, "zzz"), -1);
	assert_string_equal(assess_criteria_hint(&c, "群众反映好", hint,
	                                         sizeof hint),
	                    " (it is the label of feedback; use the key "
	                    "\"feedback\")");
	assert_string_equal(assess_criteria_hint(&c, "leadershp", hint,
	                                         sizeof hint),
	                    " (did you mean leadership?)");
	assert_string_equal(assess_criteria_hint(&c, "zzz", hint, sizeof hint),
	                    "");
	assess_criteria_free(&c);
	config_free(cfg);
}

/* The first error's path and message. */
static void assert_error(const struct fixture *f, int i, const char *path,
                         const char *message)
{
	cJSON *e = cJSON_GetArrayItem(f->res.errors, i);

	assert_non_null(e);
	assert_string_equal(cJSON_GetObjectItem(e, "path")->valuestring, path);
	assert_string_equal(cJSON_GetObjectItem(e, "message")->valuestring,
	                    message);
}

static void test_reject_stand_in_names_label_then_slip(void **state)
{
	assess_config *cfg = ini("[criterion.leadership]\nlabel = 领导班子好\n"
	                         "max = 50\n[criterion.feedback]\n"
	                         "label = 群众反映好\nmax = 50\n");
	assess_criteria c;
	struct fixture f;

	(void)state;
	assert_int_equal(assess_criteria_load(h, cfg, "criterion", 100, 0.8, &c),
	                 ASSESS_OK);
	/* the label wins over a slip listed before it */
	make(&f, "{\"scores\":{\"feedbak\":1,\"群众反映好\":18}}");
	assert_int_equal(assess_reject_stand_in(h, &f.rec, &f.res, "scores", &c,
	                                        1, "criterion"), ASSESS_EREJECT);
	assert_int_equal(cJSON_GetArraySize(f.res.errors), 1);
	assert_error(&f, 0, "scores.群众反映好", "\"群众反映好\" is the label of "
	             "feedback; use the key \"feedback\"");
	drop(&f);
	make(&f, "{\"scores\":{\"leadership\":1,\"feedbak\":18}}");
	assert_int_equal(assess_reject_stand_in(h, &f.rec, &f.res, "scores", &c,
	                                        1, "criterion"), ASSESS_EREJECT);
	assert_error(&f, 0, "scores.feedbak", "unknown criterion \"feedbak\": "
	             "did you mean feedback?");
	drop(&f);
	/* a slip of another criterion's key, a stranger, or no object at all:
	 * nothing stands in, nothing is reported */
	make(&f, "{\"scores\":{\"leadershp\":1,\"zzz\":2,\"领导班子好\":3}}");
	assert_int_equal(assess_reject_stand_in(h, &f.rec, &f.res, "scores", &c,
	                                        1, "criterion"), ASSESS_ENOENT);
	assert_int_equal(assess_reject_stand_in(h, &f.rec, &f.res, "checks", &c,
	                                        1, "criterion"), ASSESS_ENOENT);
	assert_null(f.res.errors);
	drop(&f);
	assess_criteria_free(&c);
	config_free(cfg);
}

static void test_keys_read_as_names_label_slip_and_known(void **state)
{
	assess_config *cfg = ini("[vetoes]\nteam_disunity = 班子不团结\n"
	                         "task_unfinished = 未完成任务\n");
	assess_labels l;
	unsigned char hit[2];
	struct fixture f;

	(void)state;
	assert_int_equal(assess_labels_load(h, cfg, "vetoes", &l), ASSESS_OK);
	assert_int_equal(assess_labels_find_label(&l, "未完成任务"), 1);
	assert_int_equal(assess_labels_find_label(&l, "task_unfinished"), -1);
	make(&f, "{\"vetoes\":[\"班子不团结\",\"task_unfinshed\",\"late\","
	         "\"team_disunity\"]}");
	assert_int_equal(assess_keys_read_as(h, &f.rec, &f.res, "vetoes", "veto",
	                                     &l, hit), ASSESS_EREJECT);
	assert_int_equal(hit[0], 1);
	assert_int_equal(cJSON_GetArraySize(f.res.errors), 3);
	assert_error(&f, 0, "vetoes[0]", "unknown veto \"班子不团结\": it is the "
	             "label of team_disunity; use the key \"team_disunity\" "
	             "(known: team_disunity (班子不团结), task_unfinished (未完成任务))");
	assert_error(&f, 1, "vetoes[1]", "unknown veto \"task_unfinshed\": did "
	             "you mean task_unfinished? (known: team_disunity (班子不团结), "
	             "task_unfinished (未完成任务))");
	assert_error(&f, 2, "vetoes[2]", "unknown veto \"late\" (known: "
	             "team_disunity (班子不团结), task_unfinished (未完成任务))");
	drop(&f);
	/* a label with words around it, or near one, is named with its key */
	make(&f, "{\"vetoes\":[\"领导班子不团结\",\"未完成的任务\"]}");
	assert_int_equal(assess_keys_read_as(h, &f.rec, &f.res, "vetoes", "veto",
	                                     &l, hit), ASSESS_EREJECT);
	assert_error(&f, 0, "vetoes[0]", "unknown veto \"领导班子不团结\": did you "
	             "mean 班子不团结 (team_disunity)? (known: team_disunity "
	             "(班子不团结), task_unfinished (未完成任务))");
	assert_error(&f, 1, "vetoes[1]", "unknown veto \"未完成的任务\": did you "
	             "mean 未完成任务 (task_unfinished)? (known: team_disunity "
	             "(班子不团结), task_unfinished (未完成任务))");
	drop(&f);
	/* assess_keys_read says "key"; an empty list knows none */
	make(&f, "{\"vetoes\":[\"late\"]}");
	assert_int_equal(assess_keys_read(h, &f.rec, &f.res, "vetoes", &l, hit),
	                 ASSESS_EREJECT);
	assert_error(&f, 0, "vetoes[0]", "unknown key \"late\" (known: "
	             "team_disunity (班子不团结), task_unfinished (未完成任务))");
	drop(&f);
	assess_labels_free(&l);
	assert_int_equal(assess_labels_load(h, cfg, "none", &l), ASSESS_OK);
	make(&f, "{\"vetoes\":[\"late\"]}");
	assert_int_equal(assess_keys_read(h, &f.rec, &f.res, "vetoes", &l, hit),
	                 ASSESS_EREJECT);
	assert_error(&f, 0, "vetoes[0]", "unknown key \"late\" (known: none)");
	drop(&f);
	assess_labels_free(&l);
	config_free(cfg);
}

/* A long unknown name is cut on a whole character in the message. */
static void test_keys_read_as_cuts_long_names_on_characters(void **state)
{
	assess_config *cfg = ini("[vetoes]\na = 甲\n");
	assess_labels l;
	unsigned char hit[1];
	struct fixture f;
	const char *msg;

	(void)state;
	assert_int_equal(assess_labels_load(h, cfg, "vetoes", &l), ASSESS_OK);
	/* 21 three-byte characters: 63 bytes, cut to 20 (60 bytes) */
	make(&f, "{\"vetoes\":[\"一二三四五六七八九十一二三四五六七八九十一\"]}");
	assert_int_equal(assess_keys_read_as(h, &f.rec, &f.res, "vetoes", "veto",
	                                     &l, hit), ASSESS_EREJECT);
	msg = cJSON_GetObjectItem(cJSON_GetArrayItem(f.res.errors, 0),
	                          "message")->valuestring;
	assert_string_equal(msg, "unknown veto \"一二三四五六七八九十一二三四五六"
	                    "七八九十\" (known: a (甲))");
	drop(&f);
	assess_labels_free(&l);
	config_free(cfg);
}

static void test_tally_counts_and_sorts(void **state)
{
	assess_tally t;
	const char **keys;
	char key[32];
	long *c, odd;
	int i;

	(void)state;
	assert_int_equal(assess_tally_init(&t, 2), ASSESS_OK);
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "unit-%03d", (i * 7) % 250);
		c = assess_tally_get(&t, key);
		assert_non_null(c);
		c[0]++;
		c[1] += i % 2;
	}
	assert_int_equal(t.n, 250);
	keys = assess_tally_sorted(&t);
	assert_string_equal(keys[0], "unit-000");
	assert_string_equal(keys[249], "unit-249");
	assert_int_equal(assess_tally_get(&t, "unit-000")[0], 4);
	for (i = 0, odd = 0; i < 250; i++) { /* its own counters, grown */
		snprintf(key, sizeof key, "unit-%03d", i);
		c = assess_tally_get(&t, key);
		assert_int_equal(c[0], 4);
		odd += c[1];
	}
	assert_int_equal(odd, 500);
	assert_int_equal(t.n, 250);
	free(keys);
	assess_tally_free(&t);
}

static void test_nearest_suggests_one_edit_away(void **state)
{
	const char *top[] = { "id", "name", "scores", "checks", "vetoes",
	                      "history", "indicators" };
	const char *items[] = { "self_building", "team", "workforce" };
	const char *labels[] = { "班子不团结", "未完成上级交办任务" };

	(void)state;
	assert_string_equal(assess_nearest("vetos", top, 7), "vetoes");
	assert_string_equal(assess_nearest("Scores", top, 7), "scores");
	assert_string_equal(assess_nearest("hsitory", top, 7), "history");
	assert_string_equal(assess_nearest("self_bulding", items, 3),
	                    "self_building");
	assert_string_equal(assess_nearest("班子不团", labels, 2), "班子不团结");
	/* nothing close, an exact match, nothing given */
	assert_null(assess_nearest("comment", top, 7));
	assert_null(assess_nearest("team", items, 3));
	assert_null(assess_nearest("x", items, 0));
}

static void test_dec_show_never_hides_what_decided_a_verdict(void **state)
{
	double bar[] = { 50, 60, 70, 80, 90 };
	assess_bars b = { bar, 5 };

	(void)state;
	/* two places, unless they would put it on the other side */
	assert_true(assess_dec_show(16.0, 16) == 16);
	assert_int_equal(assess_dec_cmp(assess_dec_show(15.994, 16), 15.99), 0);
	assert_int_equal(assess_dec_cmp(assess_dec_show(15.996, 16), 15.996), 0);
	assert_int_equal(assess_dec_cmp(assess_dec_gap(0.004), 0.004), 0);
	assert_int_equal(assess_dec_cmp(assess_dec_gap(2.004), 2), 0);
	assert_int_equal(assess_dec_cmp(assess_dec_show(16.004, 16), 16), 0);
	assert_int_equal(assess_dec_cmp(assess_dec_show(81.142857142, 80), 81.14), 0);
	/* a composite between star bars: SB3 */
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 79.996, 3), 79.996), 0);
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 80.004, 4), 80), 0);
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 81.142857142, 4), 81.14), 0);
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 89.9999, 4), 89.9999), 0);
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 95.555, 5), 95.56), 0);
	assert_int_equal(assess_dec_cmp(assess_bars_show(&b, 12.345, 0), 12.35), 0);
}

/* sdk_vformat into out, and vsnprintf into want, from the same args. */
static void both(char *out, char *want, size_t size, const char *fmt, ...)
{
	va_list ap, aq;

	va_start(ap, fmt);
	va_copy(aq, ap);
	sdk_vformat(out, size, fmt, ap);
	vsnprintf(want, size, fmt, aq);
	va_end(aq);
	va_end(ap);
}

static void test_note_text_is_what_vsnprintf_writes(void **state)
{
	static const double v[] = { 0, -0.0, 1, -1, 12.5, 83.7, 0.1, 0.6,
	                            99.99, 13.44, 1.005, 2.675, 60, 100000,
	                            999999, 1e6, 1234567, 0.0001, 0.00012345,
	                            0.00001, 123.456, 123.4567, 9.999995,
	                            0.3333333333333333, 2.0 / 3, 1e300,
	                            -1e-300, 15.999999999999996, 42.1 * 3 };
	char out[96], want[96];
	unsigned seed = 24;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof *v; i++) {
		both(out, want, sizeof out, "%s scored %g of %g, below %g%%",
		     "党建", v[i], -v[i], v[i] * 100);
		assert_string_equal(out, want);
	}
	/* scores as the schemes compute them: sums and shares of decimals */
	for (i = 0; i < 100000; i++) {
		double a, b;
		seed = seed * 1103515245u + 12345u;
		a = (double)(seed >> 8 & 0xFFFF) / 100;
		seed = seed * 1103515245u + 12345u;
		b = a * 0.3 + (double)(seed >> 8 & 0xFF) / 7;
		both(out, want, sizeof out, "%g|%g|%g|%g", a, b, a / 3, b * 1e-3);
		assert_string_equal(out, want);
	}
	both(out, want, sizeof out, "%d %d %d, %s%%", 0, -7, -2147483647 - 1,
	     (const char *)NULL);
	assert_string_equal(out, want);
	/* cut as vsnprintf cuts; other conversions are vsnprintf's own */
	both(out, want, 12, "%s and %g", "a long name", 3.25);
	assert_string_equal(out, want);
	both(out, want, sizeof out, "%5.1f %ld %s", 3.25, 7L, "x");
	assert_string_equal(out, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dec_cmp_treats_binary_noise_as_equal),
		cmocka_unit_test(test_dec_round_rounds_half_away_in_decimal),
		cmocka_unit_test(test_rule_points_for_each_type),
		cmocka_unit_test(test_criteria_take_percent_and_default_bars),
		cmocka_unit_test(test_bars_must_rise_and_pick_the_highest_reached),
		cmocka_unit_test(test_periods_weights_must_sum_to_one),
		cmocka_unit_test(test_item_score_weighs_present_periods),
		cmocka_unit_test(test_history_by_path_refuses_unknown_members),
		cmocka_unit_test(test_items_read_by_path_checks_the_holders),
		cmocka_unit_test(test_keys_that_cannot_name_a_field_are_config_errors),
		cmocka_unit_test(test_keys_read_knows_only_configured_keys),
		cmocka_unit_test(test_criteria_label_and_nearest_lookups),
		cmocka_unit_test(test_reject_stand_in_names_label_then_slip),
		cmocka_unit_test(test_keys_read_as_names_label_slip_and_known),
		cmocka_unit_test(test_keys_read_as_cuts_long_names_on_characters),
		cmocka_unit_test(test_tally_counts_and_sorts),
		cmocka_unit_test(test_nearest_suggests_one_edit_away),
		cmocka_unit_test(test_dec_show_never_hides_what_decided_a_verdict),
		cmocka_unit_test(test_note_text_is_what_vsnprintf_writes),
	};
	return cmocka_run_group_tests_name("scheme", tests, NULL, NULL);
}
