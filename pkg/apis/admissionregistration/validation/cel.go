package validation

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	validatingpolicy "k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
)

// expressions are the CEL expressions an object already stored, which are compiled with the
// stored-expressions environment: an update must not fail because a library an old expression uses
// has since been limited to stored expressions.
type expressions = sets.Set[string]

// envType is the CEL environment in which to compile expression.
func envType(expression string, stored expressions) environment.Type {
	if stored.Has(expression) {
		return environment.StoredExpressions
	}
	return environment.NewExpressions
}

var (
	statelessCompilerOnce sync.Once
	statelessCompiler     plugincel.Compiler
)

// newStatelessCompiler is the shared compiler for expressions that cannot see variables, such as
// webhook match conditions.
func newStatelessCompiler() plugincel.Compiler {
	statelessCompilerOnce.Do(func() {
		statelessCompiler = plugincel.NewCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	})
	return statelessCompiler
}

// policyCompiler compiles the expressions of one policy. A policy with variables needs its own
// composited compiler, in which each variable is stored as it is compiled for the expressions after
// it; one is made on first use.
type policyCompiler struct {
	hasVariables bool
	compiler     plugincel.Compiler
}

func (p *policyCompiler) get() plugincel.Compiler {
	if p.compiler != nil {
		return p.compiler
	}
	p.compiler = newStatelessCompiler()
	if p.hasVariables {
		if c, err := plugincel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion())); err == nil {
			p.compiler = c
		}
	}
	return p.compiler
}

// compileError reports a failed compilation at fldPath as kube-apiserver does.
func compileError(fldPath *field.Path, expression string, err error) *field.Error {
	if celErr, ok := err.(*cel.Error); ok {
		switch celErr.Type {
		case cel.ErrorTypeRequired:
			return field.Required(fldPath, celErr.Detail)
		case cel.ErrorTypeInvalid:
			return field.Invalid(fldPath, expression, celErr.Detail)
		case cel.ErrorTypeInternal:
			return field.InternalError(fldPath, celErr)
		}
	}
	return field.InternalError(fldPath, fmt.Errorf("unsupported error type: %w", err))
}

// compile checks that accessor's expression compiles with decls.
func compile(c plugincel.Compiler, accessor plugincel.ExpressionAccessor, decls plugincel.OptionalVariableDeclarations, stored expressions, fldPath *field.Path) field.ErrorList {
	result := c.CompileCELExpression(accessor, decls, envType(accessor.GetExpression(), stored))
	if result.Error != nil {
		return field.ErrorList{compileError(fldPath, accessor.GetExpression(), result.Error)}
	}
	return nil
}

var (
	celIdentifier = regexp.MustCompile(`^[_a-zA-Z][_a-zA-Z0-9]*$`)
	celReserved   = sets.New("true", "false", "null", "in", "as", "break", "const", "continue", "else",
		"for", "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while")
)

func isCELIdentifier(name string) bool {
	return celIdentifier.MatchString(name) && !celReserved.Has(name)
}

// validateVariable checks a variable's name and compiles its expression, storing it so that the
// expressions after it may refer to it.
func validateVariable(c *policyCompiler, name, expression string, decls plugincel.OptionalVariableDeclarations, stored expressions, fldPath *field.Path) field.ErrorList {
	var allErrs field.ErrorList
	if strings.TrimSpace(name) == "" {
		allErrs = append(allErrs, field.Required(fldPath.Child("name"), "name is not specified"))
	} else if !isCELIdentifier(name) {
		allErrs = append(allErrs, field.Invalid(fldPath.Child("name"), name, "name is not a valid CEL identifier"))
	}
	if strings.TrimSpace(expression) == "" {
		return append(allErrs, field.Required(fldPath.Child("expression"), "expression is not specified"))
	}
	composited, ok := c.get().(*plugincel.CompositedCompiler)
	if !ok {
		return append(allErrs, field.InternalError(fldPath, fmt.Errorf("variable composition is not allowed")))
	}
	result := composited.CompileAndStoreVariable(&validatingpolicy.Variable{Name: name, Expression: expression}, decls, envType(expression, stored))
	if result.Error != nil {
		allErrs = append(allErrs, compileError(fldPath.Child("expression"), expression, result.Error))
	}
	return allErrs
}
