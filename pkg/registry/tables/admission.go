package tables

import admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

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
