package validation

import (
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

func messages(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func priorityClass(name string, value int32) *schedulingv1.PriorityClass {
	return &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: name, ResourceVersion: "1"}, Value: value, PreemptionPolicy: ptr.To(corev1.PreemptLowerPriority)}
}

func TestValidatePriorityClass(t *testing.T) {
	tests := []struct {
		name string
		pc   *schedulingv1.PriorityClass
		want []string
	}{
		{"user class", priorityClass("high", HighestUserDefinablePriority), nil},
		{"user class above the limit", priorityClass("higher", HighestUserDefinablePriority+1), []string{
			"value: Forbidden: maximum allowed value of a user defined priority is 1000000000",
		}},
		{"system class as bootstrapped", priorityClass("system-node-critical", 2000001000), nil},
		{"system class with another value", priorityClass("system-cluster-critical", 5), []string{
			"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000",
		}},
		{"unknown system name", priorityClass("system-mine", 5), []string{
			"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
		}},
		{"unknown preemption policy", &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "low"}, PreemptionPolicy: ptr.To(corev1.PreemptionPolicy("Always"))}, []string{
			`preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := messages(ValidatePriorityClass(tt.pc)), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	global := priorityClass("system-node-critical", 2000001000)
	global.GlobalDefault = true
	want := "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: globalDefault of system-node-critical PriorityClass must be false"
	if got := messages(ValidatePriorityClass(global)); got != want {
		t.Errorf("global default system class: %s, want %s", got, want)
	}
}

func TestValidatePriorityClassUpdate(t *testing.T) {
	old := priorityClass("high", 10)
	updated := priorityClass("high", 11)
	updated.PreemptionPolicy = ptr.To(corev1.PreemptNever)
	updated.Description = "may change"
	want := strings.Join([]string{
		"value: Forbidden: may not be changed in an update.",
		`preemptionPolicy: Invalid value: "Never": field is immutable`,
	}, "\n")
	if got := messages(ValidatePriorityClassUpdate(updated, old)); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}

func TestSystemPriorityClasses(t *testing.T) {
	classes := SystemPriorityClasses()
	if len(classes) != 2 || classes[0].Name != "system-node-critical" || classes[0].Value != 2000001000 ||
		classes[1].Name != "system-cluster-critical" || classes[1].Value != 2000000000 {
		t.Fatalf("system classes = %+v", classes)
	}
	classes[0].Value = 1
	if SystemPriorityClasses()[0].Value != 2000001000 {
		t.Error("changing a returned class changed the system classes")
	}
	if !IsSystemPriorityClass("system-cluster-critical") || IsSystemPriorityClass("system-mine") {
		t.Error("IsSystemPriorityClass does not tell the two system classes from others")
	}
}
