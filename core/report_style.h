/*
 * report_style.h - the HTML report's style sheet and script (see
 * report_style.c), written into every report as they are.
 */
#ifndef ASSESS_REPORT_STYLE_H
#define ASSESS_REPORT_STYLE_H

/* The <style> content: screen, and print on A4. */
extern const char report_css[];

/* The <script> content: sorts and filters #results-table. */
extern const char report_js[];

#endif
