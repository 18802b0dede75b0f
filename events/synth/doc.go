// Package synth generates a deterministic, realistic synthetic B2B market and
// the stream of input events (README, Events) it produces, for the demo, tests and
// benchmarks of leadq.
//
// The market is a set of accounts, each derived from the seed and its index
// alone: a unique, plausible domain ("northwind-analytics.io"), an industry
// spread like a B2B market, a heavy-tailed number of employees (many SMB,
// fewer mid-market, few enterprise), revenue correlated with size, a weighted
// country, growth stage and business model, a tech stack from a list of common
// tools, and for some accounts partial enrichment. Accounts have people with
// realistic names and titles of every seniority, mostly at the account's
// domain, some at free-mail providers; some accounts use the product.
//
// The stream mixes lead.captured (forms of every kind, demo requests rarer
// than content downloads, webinars and newsletters), trigger.detected (every
// kind, with plausible details and sometimes a company block) and
// usage.recorded (bursts of several users within minutes). A share of the
// accounts heat up once: a catalyst, a trial, the team trying the product and
// a pricing or demo request within days, so that with the configuration of
// the example configuration roughly one account in ten produces a qualified lead.
//
// Items are structured-mode CloudEvents 1.0 (or binary mode, for a share),
// produced in non-decreasing event time between Options.Start and
// Start+Span unless Options.Jitter asks for slight disorder. The same Options
// give byte-identical items: randomness comes from math/rand/v2 PCG sources
// seeded from Options.Seed, and the wall clock is never read.
//
//	g := synth.New(synth.Options{Seed: 42, Accounts: 300, Start: start})
//	for it := range g.Preload() { publish(it.Msg()) } // optional: firmographics first
//	for it := range g.All() { publish(it.Msg()) }
//
// Generating an item costs about a microsecond and two allocations (its
// payload and id); see BenchmarkNext.
package synth
