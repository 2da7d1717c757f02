package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestValidateResourceQuota(t *testing.T) {
	q := resource.MustParse
	tests := []struct {
		name string
		spec corev1.ResourceQuotaSpec
		want []string
	}{
		{"valid", corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{"pods": q("10"), "requests.storage": q("10Gi"), "example.com/gpu": q("2")}}, nil},
		{"unknown and fractional", corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{"widgets": q("1"), "pods": q("1500m"), "cpu": q("-1")}}, []string{
			`spec.hard[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified`,
			`spec.hard[widgets]: Invalid value: "widgets": must be a standard resource for quota`,
			`spec.hard[pods]: Invalid value: "1500m": must be an integer`,
			`spec.hard[cpu]: Invalid value: "-1": must be greater than or equal to 0`,
		}},
		{"scopes", corev1.ResourceQuotaSpec{
			Hard:   corev1.ResourceList{"pods": q("1"), "secrets": q("1")},
			Scopes: []corev1.ResourceQuotaScope{corev1.ResourceQuotaScopeBestEffort, corev1.ResourceQuotaScopeNotBestEffort},
		}, []string{
			`spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: unsupported scope applied to resource`,
			`spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: unsupported scope applied to resource`,
			`spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: conflicting scopes`,
		}},
		{"scope selector", corev1.ResourceQuotaSpec{
			Hard: corev1.ResourceList{"pods": q("1")},
			ScopeSelector: &corev1.ScopeSelector{MatchExpressions: []corev1.ScopedResourceSelectorRequirement{
				{ScopeName: corev1.ResourceQuotaScopePriorityClass, Operator: corev1.ScopeSelectorOpIn},
				{ScopeName: corev1.ResourceQuotaScopeTerminating, Operator: corev1.ScopeSelectorOpIn, Values: []string{"x"}},
			}},
		}, []string{
			"spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
			`spec.scopeSelector.matchExpressions.operator: Invalid value: "In": must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			quota := &corev1.ResourceQuota{ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "default"}, Spec: tt.spec}
			expectErrors(t, ValidateResourceQuota(quota), tt.want...)
		})
	}
}

func TestValidateResourceQuotaUpdates(t *testing.T) {
	old := &corev1.ResourceQuota{
		ObjectMeta: metav1.ObjectMeta{Name: "q", Namespace: "default", ResourceVersion: "1"},
		Spec:       corev1.ResourceQuotaSpec{Hard: corev1.ResourceList{"pods": resource.MustParse("1")}},
	}
	rescoped := old.DeepCopy()
	rescoped.Spec.Scopes = []corev1.ResourceQuotaScope{corev1.ResourceQuotaScopeTerminating}
	expectErrors(t, ValidateResourceQuotaUpdate(rescoped, old), `spec.scopes: Invalid value: ["Terminating"]: field is immutable`)

	status := old.DeepCopy()
	status.ResourceVersion = ""
	status.Status.Used = corev1.ResourceList{"widgets": resource.MustParse("1")}
	expectErrors(t, ValidateResourceQuotaStatusUpdate(status, old),
		"resourceVersion: Required value",
		`metadata.resourceVersion: Invalid value: "": must be specified for an update`,
		`status.used[widgets]: Invalid value: "widgets": must be a standard resource type or fully qualified`,
		`status.used[widgets]: Invalid value: "widgets": must be a standard resource for quota`,
	)
}
