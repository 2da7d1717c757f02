package validation

import (
	"errors"
	"fmt"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	"github.com/google/cel-go/ext"

	resourcev1 "k8s.io/api/resource/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apimachinery/pkg/util/version"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/library"
)

// A device selector is a CEL expression over one variable, `device`, with the device's driver,
// its attributes and capacities (maps from domain to maps from identifier to value) and whether it
// may be allocated several times. Every size is bounded by the ResourceSlice limits, which is what
// lets the cost of an expression be estimated before it ever runs.
var (
	attributeValueType = boundedType(apiservercel.AnyType, resourcev1.DeviceAttributeMaxValueLength)
	domainType         = boundedType(apiservercel.StringType, resourcev1.DeviceMaxDomainLength)
	identifierType     = boundedType(apiservercel.StringType, resourcev1.DeviceMaxIDLength)
	driverType         = boundedType(apiservercel.StringType, resourcev1.DriverNameMaxLength)

	attributesType = apiservercel.NewMapType(domainType,
		apiservercel.NewMapType(identifierType, attributeValueType, resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice),
		resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice)
	capacityType = apiservercel.NewMapType(domainType,
		apiservercel.NewMapType(identifierType, apiservercel.QuantityDeclType, resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice),
		resourcev1.ResourceSliceMaxAttributesAndCapacitiesPerDevice)

	deviceType = apiservercel.NewObjectType("kubernetes.DRADevice", map[string]*apiservercel.DeclField{
		"driver":                   apiservercel.NewDeclField("driver", driverType, true, nil, nil),
		"attributes":               apiservercel.NewDeclField("attributes", attributesType, true, nil, nil),
		"capacity":                 apiservercel.NewDeclField("capacity", capacityType, true, nil, nil),
		"allowMultipleAllocations": apiservercel.NewDeclField("allowMultipleAllocations", apiservercel.BoolType, true, nil, nil),
	})
)

func boundedType(t *apiservercel.DeclType, maxElements int) *apiservercel.DeclType {
	bounded := *t
	bounded.MaxElements = int64(maxElements)
	return &bounded
}

var (
	selectorEnvOnce sync.Once
	selectorEnv     *cel.Env
	selectorEnvErr  error
)

// newSelectorEnv is the environment in which new expressions must compile: Kubernetes' base CEL
// libraries at the server's compatibility version, the `device` variable, and cel.bind, which
// spares repeating an attribute domain.
func newSelectorEnv() (*cel.Env, error) {
	envs, err := environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()).Extend(environment.VersionedOptions{
		IntroducedVersion: version.MajorMinor(1, 31),
		EnvOptions: []cel.EnvOption{
			cel.Variable("device", deviceType.CelType()),
			ext.Bindings(ext.BindingsVersion(0)),
		},
		DeclTypes: []*apiservercel.DeclType{deviceType},
	})
	if err != nil {
		return nil, err
	}
	return envs.Env(environment.NewExpressions)
}

// validateSelectorExpression compiles a new device selector, reporting a compile error, a result
// that is not a boolean, or a worst-case cost above the limit at fldPath. An expression that is
// already stored was valid when written and is not compiled again, so that a later, stricter
// environment does not lock objects.
func validateSelectorExpression(expression string, stored bool, fldPath *field.Path) field.ErrorList {
	if stored {
		return nil
	}
	if len(expression) > resourcev1.CELSelectorExpressionMaxLength {
		return field.ErrorList{field.TooLong(fldPath, "", resourcev1.CELSelectorExpressionMaxLength)}
	}
	selectorEnvOnce.Do(func() { selectorEnv, selectorEnvErr = newSelectorEnv() })
	if selectorEnvErr != nil {
		return field.ErrorList{field.InternalError(fldPath, fmt.Errorf("unexpected error loading CEL environment: %w", selectorEnvErr))}
	}
	ast, issues := selectorEnv.Compile(expression)
	if issues != nil {
		return field.ErrorList{field.Invalid(fldPath, expression, "compilation failed: "+issues.String())}
	}
	if out := ast.OutputType(); out != cel.BoolType && out != cel.AnyType {
		return field.ErrorList{field.Invalid(fldPath, expression, fmt.Sprintf("must evaluate to %v or the unknown type, not %v", cel.BoolType.String(), out.String()))}
	}
	cost, err := selectorEnv.EstimateCost(ast, &library.CostEstimator{SizeEstimator: deviceSizes{}})
	if err != nil {
		return field.ErrorList{field.InternalError(fldPath, errors.New("cost estimation failed: "+err.Error()))}
	}
	if cost.Max > resourcev1.CELSelectorExpressionMaxCost {
		return field.ErrorList{field.Forbidden(fldPath, "too complex, exceeds cost limit")}
	}
	return nil
}

// deviceSizes tells the cost estimator how large what `device` reaches can be, by walking the
// declared type along the path of a node.
type deviceSizes struct{}

// EstimateSize bounds the size of a value reached from `device`.
func (deviceSizes) EstimateSize(element checker.AstNode) *checker.SizeEstimate {
	path := element.Path()
	if len(path) == 0 || path[0] != "device" {
		return nil
	}
	node := deviceType
	for _, name := range path[1:] {
		switch name {
		case "@items", "@values":
			node = node.ElemType
		case "@keys":
			node = node.KeyType
		default:
			if f, ok := node.Fields[name]; ok {
				node = f.Type
			} else if node.ElemType == attributeValueType {
				// Any attribute, whatever its name, has the same bound.
				node = attributeValueType
			} else {
				return nil
			}
		}
		if node == nil {
			return nil
		}
	}
	return &checker.SizeEstimate{Min: 0, Max: uint64(node.MaxElements)}
}

// EstimateCallCost leaves call costs to the library's estimates.
func (deviceSizes) EstimateCallCost(function, overloadID string, target *checker.AstNode, args []checker.AstNode) *checker.CallEstimate {
	return nil
}
