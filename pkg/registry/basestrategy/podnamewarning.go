package basestrategy

import (
	"fmt"

	utilvalidation "k8s.io/apimachinery/pkg/util/validation"
)

// PodNameWarnings warns, on create, about a workload name that is not a DNS label: the pods it
// makes are named after it, and a pod name is also its host name.
func PodNameWarnings(name string) []string {
	if msgs := utilvalidation.IsDNS1123Label(name); len(msgs) != 0 {
		return []string{fmt.Sprintf("metadata.name: this is used in Pod names and hostnames, which can result in surprising behavior; a DNS label is recommended: %v", msgs)}
	}
	return nil
}
