// Package accessreview turns the questions of the access review APIs into the attributes an authorizer
// decides on, and the authorizer's answer into a review status, shared by the subject, self-subject and
// local subject access reviews.
package accessreview

import (
	"context"
	"fmt"
	"strings"

	authorizationv1 "k8s.io/api/authorization/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
)

// SubjectAttributes are the attributes of the request a SubjectAccessReview spec describes, made by
// the user it names.
func SubjectAttributes(spec authorizationv1.SubjectAccessReviewSpec) authorizer.AttributesRecord {
	u := &user.DefaultInfo{Name: spec.User, Groups: spec.Groups, UID: spec.UID}
	if spec.Extra != nil {
		u.Extra = make(map[string][]string, len(spec.Extra))
		for k, v := range spec.Extra {
			u.Extra[k] = v
		}
	}
	return Attributes(u, spec.ResourceAttributes, spec.NonResourceAttributes)
}

// Attributes are the attributes of a request by u, on a resource if ra is set, else on a path.
func Attributes(u user.Info, ra *authorizationv1.ResourceAttributes, nra *authorizationv1.NonResourceAttributes) authorizer.AttributesRecord {
	if ra == nil {
		return authorizer.AttributesRecord{User: u, Verb: nra.Verb, Path: nra.Path}
	}
	attrs := authorizer.AttributesRecord{
		User:            u,
		Verb:            ra.Verb,
		Namespace:       ra.Namespace,
		APIGroup:        ra.Group,
		APIVersion:      ra.Version,
		Resource:        ra.Resource,
		Subresource:     ra.Subresource,
		Name:            ra.Name,
		ResourceRequest: true,
	}
	// An unset version asks about every version.
	if attrs.APIVersion == "" {
		attrs.APIVersion = "*"
	}
	if s := ra.LabelSelector; s != nil {
		attrs.LabelSelectorRequirements, attrs.LabelSelectorParsingErr = labelRequirements(s)
	}
	if s := ra.FieldSelector; s != nil {
		attrs.FieldSelectorRequirements, attrs.FieldSelectorParsingErr = fieldRequirements(s)
	}
	return attrs
}

// Status is the review status of an authorizer's answer about attrs.
func Status(decision authorizer.Decision, reason string, err error, attrs authorizer.AttributesRecord) authorizationv1.SubjectAccessReviewStatus {
	return authorizationv1.SubjectAccessReviewStatus{
		Allowed:         decision == authorizer.DecisionAllow,
		Denied:          decision == authorizer.DecisionDeny,
		Reason:          reason,
		EvaluationError: evaluationError(err, attrs),
	}
}

// evaluationError joins the authorizer's error with notes on selectors that could not be parsed, and
// were therefore ignored, in part or whole, making the question broader than asked.
func evaluationError(err error, attrs authorizer.AttributesRecord) string {
	var notes []string
	if err != nil {
		notes = append(notes, err.Error())
	}
	if reqs, err := attrs.GetFieldSelector(); err != nil {
		notes = append(notes, ignoredNote("fieldSelector", len(reqs) > 0))
	}
	if reqs, err := attrs.GetLabelSelector(); err != nil {
		notes = append(notes, ignoredNote("labelSelector", len(reqs) > 0))
	}
	return strings.Join(notes, "; ")
}

func ignoredNote(selector string, partly bool) string {
	if partly {
		return "spec.resourceAttributes." + selector + " partially ignored due to parse error"
	}
	return "spec.resourceAttributes." + selector + " ignored due to parse error"
}

// labelOperators map the review's label selector operators to the label selector's.
var labelOperators = map[metav1.LabelSelectorOperator]selection.Operator{
	metav1.LabelSelectorOpIn:           selection.In,
	metav1.LabelSelectorOpNotIn:        selection.NotIn,
	metav1.LabelSelectorOpExists:       selection.Exists,
	metav1.LabelSelectorOpDoesNotExist: selection.DoesNotExist,
}

// labelRequirements parses a label selector. Requirements that do not parse are dropped and reported in
// the error; since requirements are ANDed, dropping one only broadens the question.
func labelRequirements(s *authorizationv1.LabelSelectorAttributes) (labels.Requirements, error) {
	if s.RawSelector != "" && len(s.Requirements) == 0 {
		sel, err := labels.Parse(s.RawSelector)
		if err != nil {
			return nil, err
		}
		reqs, _ := sel.Requirements()
		return reqs, nil
	}
	if len(s.Requirements) == 0 {
		return nil, nil
	}
	var (
		reqs labels.Requirements
		errs []error
	)
	for _, r := range s.Requirements {
		op, ok := labelOperators[r.Operator]
		if !ok {
			errs = append(errs, fmt.Errorf("%q is not a valid label selector operator", r.Operator))
			continue
		}
		values := r.Values
		if len(values) == 0 {
			values = nil
		}
		req, err := labels.NewRequirement(r.Key, op, values)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		reqs = append(reqs, *req)
	}
	return reqs, utilerrors.NewAggregate(errs)
}

// fieldOperatorWords name the field selector operators in error messages.
var fieldOperatorWords = map[metav1.FieldSelectorOperator]string{
	metav1.FieldSelectorOpIn:    "in",
	metav1.FieldSelectorOpNotIn: "not in",
}

// fieldRequirements parses a field selector, dropping and reporting requirements that do not parse as
// labelRequirements does. Field selectors only know equality, so In and NotIn take one value.
func fieldRequirements(s *authorizationv1.FieldSelectorAttributes) (fields.Requirements, error) {
	if s.RawSelector != "" && len(s.Requirements) == 0 {
		sel, err := fields.ParseSelector(s.RawSelector)
		if err != nil {
			return nil, err
		}
		return sel.Requirements(), nil
	}
	if len(s.Requirements) == 0 {
		return nil, nil
	}
	var (
		reqs fields.Requirements
		errs []error
	)
	for _, r := range s.Requirements {
		if len(r.Values) > 1 {
			errs = append(errs, fmt.Errorf("fieldSelectors do not yet support multiple values"))
			continue
		}
		var op selection.Operator
		switch r.Operator {
		case metav1.FieldSelectorOpIn:
			op = selection.Equals
		case metav1.FieldSelectorOpNotIn:
			op = selection.NotEquals
		case metav1.FieldSelectorOpExists, metav1.FieldSelectorOpDoesNotExist:
			errs = append(errs, fmt.Errorf("fieldSelectors do not yet support %v", r.Operator))
			continue
		default:
			errs = append(errs, fmt.Errorf("%q is not a valid field selector operator", r.Operator))
			continue
		}
		if len(r.Values) != 1 {
			errs = append(errs, fmt.Errorf("fieldSelectors %s must have one value", fieldOperatorWords[r.Operator]))
			continue
		}
		reqs = append(reqs, fields.Requirement{Field: r.Key, Operator: op, Value: r.Values[0]})
	}
	return reqs, utilerrors.NewAggregate(errs)
}

// Answer asks authz about attrs and returns its answer as a review status.
func Answer(ctx context.Context, authz authorizer.Authorizer, attrs authorizer.AttributesRecord) authorizationv1.SubjectAccessReviewStatus {
	decision, reason, err := authz.Authorize(ctx, attrs)
	return Status(decision, reason, err, attrs)
}
