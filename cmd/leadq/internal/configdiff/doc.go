// Package configdiff is `leadq config diff`: a dry run of a configuration
// version on the live accounts. It reads every account from Redis
// (store.ScanPage, page by page), evaluates each at its clock under the
// active version and the candidate with a pool of workers, and counts the
// leads that would become qualified, stop qualifying, change grade, ICP or
// queue, keeping the first examples of each by account and e-mail so that
// the report does not depend on the order of the scan. Nothing is written.
package configdiff
