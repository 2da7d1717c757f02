// Package fuzz holds the Go fuzz targets for what kapi does with a request body before it stores
// it, decoding, defaulting and validating every kind, and with the label and field selectors of a
// list. `make test` runs each target for a few seconds; `make fuzz` runs them longer.
package fuzz
