package validation

import (
	"fmt"

	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

const (
	// HighestUserDefinablePriority is the highest value a user's PriorityClass may have; higher
	// values are kept for the system classes.
	HighestUserDefinablePriority = int32(1000000000)
	// SystemCriticalPriority is the value of system-cluster-critical, the lower system class.
	SystemCriticalPriority = 2 * HighestUserDefinablePriority
	// SystemPriorityClassPrefix starts the names only the system classes may have.
	SystemPriorityClassPrefix = "system-"
)

// systemPriorityClasses are the classes every cluster has, created at start, with kube-apiserver's
// values and descriptions.
var systemPriorityClasses = []schedulingv1.PriorityClass{
	{
		ObjectMeta:  metav1.ObjectMeta{Name: SystemPriorityClassPrefix + "node-critical"},
		Value:       SystemCriticalPriority + 1000,
		Description: "Used for system critical pods that must not be moved from their current node.",
	},
	{
		ObjectMeta:  metav1.ObjectMeta{Name: SystemPriorityClassPrefix + "cluster-critical"},
		Value:       SystemCriticalPriority,
		Description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
	},
}

// SystemPriorityClasses returns copies of the system classes.
func SystemPriorityClasses() []*schedulingv1.PriorityClass {
	classes := make([]*schedulingv1.PriorityClass, 0, len(systemPriorityClasses))
	for i := range systemPriorityClasses {
		classes = append(classes, systemPriorityClasses[i].DeepCopy())
	}
	return classes
}

// IsSystemPriorityClass reports whether name is one of the system classes.
func IsSystemPriorityClass(name string) bool {
	for _, c := range systemPriorityClasses {
		if c.Name == name {
			return true
		}
	}
	return false
}

// knownSystemPriorityClass explains why a class with a system name is not exactly a system class,
// or returns nil if it is one.
func knownSystemPriorityClass(name string, value int32, globalDefault bool) error {
	for _, c := range systemPriorityClasses {
		if c.Name != name {
			continue
		}
		if c.Value != value {
			return fmt.Errorf("value of %v PriorityClass must be %v", c.Name, c.Value)
		}
		if c.GlobalDefault != globalDefault {
			return fmt.Errorf("globalDefault of %v PriorityClass must be %v", c.Name, c.GlobalDefault)
		}
		return nil
	}
	return fmt.Errorf("%v is not a known system priority class", name)
}
