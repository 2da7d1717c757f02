package tables

import (
	"fmt"
	"strings"
)

// firstFewShown is how many items a list cell shows before it only counts the rest.
const firstFewShown = 3

// FirstFew renders a list cell the way kubectl keeps long lists short: the first three items
// comma-joined, then " + N more..." for the rest; empty is the text for no items at all.
func FirstFew(items []string, empty string) string {
	switch {
	case len(items) == 0:
		return empty
	case len(items) > firstFewShown:
		return fmt.Sprintf("%s + %d more...", strings.Join(items[:firstFewShown], ","), len(items)-firstFewShown)
	}
	return strings.Join(items, ",")
}
