package validation

import (
	"testing"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

func TestResourceSelectorExpressions(t *testing.T) {
	for _, expression := range []string{
		`device.driver == "gpu.example.com"`,
		`device.attributes["gpu.example.com"].model == "a100"`,
		`device.attributes["gpu.example.com"].driverVersion.isGreaterThan(semver("1.0.0"))`,
		`device.capacity["gpu.example.com"].memory.compareTo(quantity("40Gi")) >= 0`,
		`cel.bind(gpu, device.attributes["gpu.example.com"], gpu.cores > 4 && gpu.sharing)`,
		`"model" in device.attributes["gpu.example.com"]`,
		`device.allowMultipleAllocations`,
	} {
		if errs := validateSelectorExpression(expression, false, field.NewPath("cel")); len(errs) > 0 {
			t.Errorf("%s: %v", expression, errs)
		}
	}
	expensive := `device.attributes.all(a, device.attributes[a].all(b, device.capacity.all(c, device.capacity[c].all(d, device.attributes.all(e, device.attributes[e].all(f, true))))))`
	expectErrors(t, validateSelectorExpression(expensive, false, field.NewPath("cel")), "cel: Forbidden: too complex, exceeds cost limit")
	if errs := validateSelectorExpression(`device.vendor`, true, field.NewPath("cel")); errs != nil {
		t.Errorf("a stored expression was compiled: %v", errs)
	}
}
