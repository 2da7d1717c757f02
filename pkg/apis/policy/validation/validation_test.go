package validation

import (
	"sort"
	"strings"
	"testing"

	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"
)

func TestPolicyValidatePodDisruptionBudget(t *testing.T) {
	selector := &metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}}
	for _, tc := range []struct {
		name string
		spec policyv1.PodDisruptionBudgetSpec
		want []string
	}{
		{name: "count", spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: ptr.To(intstr.FromInt32(2)), Selector: selector}},
		{name: "percent", spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr.To(intstr.FromString("25%")), Selector: selector}},
		{name: "no selector selects all", spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr.To(intstr.FromInt32(1))}},
		{name: "both", spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: ptr.To(intstr.FromInt32(1)), MaxUnavailable: ptr.To(intstr.FromInt32(1))},
			want: []string{`spec: Invalid value: {"MinAvailable":1,"Selector":null,"MaxUnavailable":1,"UnhealthyPodEvictionPolicy":null}: minAvailable and maxUnavailable cannot be both set`}},
		{name: "negative", spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: ptr.To(intstr.FromInt32(-1))},
			want: []string{"spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"}},
		{name: "over 100%", spec: policyv1.PodDisruptionBudgetSpec{MaxUnavailable: ptr.To(intstr.FromString("101%"))},
			want: []string{`spec.maxUnavailable: Invalid value: "101%": must not be greater than 100%`}},
		{name: "not a percent", spec: policyv1.PodDisruptionBudgetSpec{MinAvailable: ptr.To(intstr.FromString("half"))},
			want: []string{`spec.minAvailable: Invalid value: "half": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`}},
		{name: "eviction policy", spec: policyv1.PodDisruptionBudgetSpec{UnhealthyPodEvictionPolicy: ptr.To(policyv1.UnhealthyPodEvictionPolicyType("Sometimes"))},
			want: []string{`spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"`}},
		{name: "bad selector", spec: policyv1.PodDisruptionBudgetSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "a b"}}},
			want: []string{`spec.selector.matchLabels: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, e := range ValidatePodDisruptionBudget(&policyv1.PodDisruptionBudget{Spec: tc.spec}, false) {
				got = append(got, e.Error())
			}
			sort.Strings(got)
			sort.Strings(tc.want)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("errors\n got: %q\nwant: %q", got, tc.want)
			}
		})
	}
}

func TestPolicyValidateStatusUpdate(t *testing.T) {
	old := &policyv1.PodDisruptionBudget{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "d", ResourceVersion: "1"}}
	pdb := old.DeepCopy()
	pdb.Status.DisruptionsAllowed = -1
	pdb.Status.Conditions = []metav1.Condition{{Type: "DisruptionAllowed", Status: "Maybe", Reason: "R", LastTransitionTime: metav1.Now()}}
	var got []string
	for _, e := range ValidatePodDisruptionBudgetStatusUpdate(pdb, old) {
		got = append(got, e.Error())
	}
	want := []string{
		`status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`,
		"status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n got: %q\nwant: %q", got, want)
	}
}
