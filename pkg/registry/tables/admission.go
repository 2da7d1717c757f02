package tables

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// ParamKind renders an admission policy's PARAMKIND cell: "apiVersion/Kind", or "<unset>".
func ParamKind(k *admissionregistrationv1.ParamKind) string {
	if k == nil {
		return "<unset>"
	}
	return k.APIVersion + "/" + k.Kind
}

// ParamRef renders a policy binding's PARAMREF cell: "namespace/name", "*/name" when the namespace
// is unset (the binding cannot tell whether the kind is namespaced), the selector, or "<unset>".
func ParamRef(r *admissionregistrationv1.ParamRef) string {
	switch {
	case r == nil:
		return "<unset>"
	case r.Name != "" && r.Namespace != "":
		return r.Namespace + "/" + r.Name
	case r.Name != "":
		return "*/" + r.Name
	case r.Selector != nil:
		return r.Selector.String()
	default:
		return "<unset>"
	}
}

// PolicyColumns are the columns of an admission policy: NAME, the number of its rules (named rules
// and described by description), PARAMKIND and AGE.
func PolicyColumns(rules, description string) []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		NameColumn(),
		{Name: rules, Type: "integer", Description: description},
		{Name: "ParamKind", Type: "string", Description: "ParamKind specifies the kind of resources used to parameterize this policy"},
		AgeColumn(),
	}
}

// BindingColumns are the columns of an admission policy binding: NAME, POLICYNAME, PARAMREF, AGE.
func BindingColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		NameColumn(),
		{Name: "PolicyName", Type: "string", Description: "PolicyName indicates the policy definition which the policy binding binded to"},
		{Name: "ParamRef", Type: "string", Description: "ParamRef indicates the param resource which sets the configration param"},
		AgeColumn(),
	}
}

// BindingRow is the row of a binding of policyName with paramRef.
func BindingRow(meta metav1.ObjectMeta, policyName string, paramRef *admissionregistrationv1.ParamRef) metav1.TableRow {
	return metav1.TableRow{Cells: []interface{}{meta.Name, policyName, ParamRef(paramRef), Since(meta.CreationTimestamp)}}
}

// PolicyRow is the row of a policy with rules rules and paramKind.
func PolicyRow(meta metav1.ObjectMeta, rules int, paramKind *admissionregistrationv1.ParamKind) metav1.TableRow {
	return metav1.TableRow{Cells: []interface{}{meta.Name, int64(rules), ParamKind(paramKind), Since(meta.CreationTimestamp)}}
}

// WebhookConfigurationColumns are the columns of a webhook configuration: NAME, WEBHOOKS, AGE.
func WebhookConfigurationColumns() []metav1.TableColumnDefinition {
	return []metav1.TableColumnDefinition{
		NameColumn(),
		{Name: "Webhooks", Type: "integer", Description: "Webhooks indicates the number of webhooks registered in this configuration"},
		AgeColumn(),
	}
}
