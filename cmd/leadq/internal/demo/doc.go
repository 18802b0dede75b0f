// Package demo is `leadq demo`: the pipeline of leadq serve on servers it
// starts itself (or given ones), fed a synthetic market, showing each lead
// that qualifies or stops qualifying and a summary that the same flags
// reproduce exactly.
package demo
