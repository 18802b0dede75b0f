// Package explain is `leadq explain`: it reads an account's state from Redis,
// evaluates it with the configuration at an instant and prints why each of
// its leads qualifies or not, as tables or as JSON.
package explain
