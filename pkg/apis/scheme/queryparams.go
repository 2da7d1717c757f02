package scheme

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/conversion"
	"k8s.io/apimachinery/pkg/runtime"
)

var timeType = reflect.TypeOf(metav1.Time{})

// AddQueryParameterConversions registers, for each options type of objs, the conversion from the
// query parameters of a request (url.Values) that the request handlers use to decode the options
// of subresources such as pods/log or pods/exec. A parameter sets the field whose JSON name it
// carries, with upstream's rules: the first value counts, except for lists; booleans are false only
// for "0", "false" and "no"; a field without a parameter keeps its zero value.
func AddQueryParameterConversions(s *runtime.Scheme, objs ...runtime.Object) error {
	for _, obj := range objs {
		if err := s.AddConversionFunc((*url.Values)(nil), obj, func(a, b interface{}, _ conversion.Scope) error {
			return decodeQuery(*a.(*url.Values), reflect.ValueOf(b).Elem())
		}); err != nil {
			return err
		}
	}
	return nil
}

func decodeQuery(values url.Values, out reflect.Value) error {
	t := out.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous || name == "" || name == "-" {
			continue
		}
		v := out.Field(i)
		v.SetZero()
		given, ok := values[name]
		if !ok || len(given) == 0 {
			continue
		}
		if err := setFromStrings(v, given); err != nil {
			return fmt.Errorf("query parameter %s: %w", name, err)
		}
	}
	return nil
}

func setFromStrings(v reflect.Value, given []string) error {
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		if err := setFromStrings(p.Elem(), given); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if v.Type() == timeType {
		parsed, err := time.Parse(time.RFC3339, given[0])
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(metav1.NewTime(parsed)))
		return nil
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(given[0])
	case reflect.Bool:
		first := given[0]
		v.SetBool(!(first == "0" || strings.EqualFold(first, "false") || strings.EqualFold(first, "no")))
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(given[0], 10, v.Type().Bits())
		if err != nil {
			return err
		}
		v.SetInt(n)
	case reflect.Slice:
		list := reflect.MakeSlice(v.Type(), len(given), len(given))
		for i, s := range given {
			if err := setFromStrings(list.Index(i), []string{s}); err != nil {
				return err
			}
		}
		v.Set(list)
	default:
		return fmt.Errorf("unsupported field type %s", v.Type())
	}
	return nil
}
