/*
 * version.h - the program's version, said in one place: --version, the
 * host table plugins are handed, and the output's metadata all give it.
 * The Makefile passes its VERSION as -DASSESS_VERSION; a build without it
 * (a unit test compiled alone) says 0.0.0.
 */
#ifndef ASSESS_CORE_VERSION_H
#define ASSESS_CORE_VERSION_H

#ifndef ASSESS_VERSION
#define ASSESS_VERSION "0.0.0"
#endif

#endif
